/// The JSON Schema of site files, the same text as `Sites/site.schema.json` (a test keeps the two
/// equal), embedded so the loader applies it without finding the file at run time.
public enum SiteSchema {
    /// The schema's JSON text.
    public static let json = #"""
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "$id": "https://busbar.example/site.schema.json",
          "title": "Busbar site capacity file",
          "type": "object",
          "required": ["id", "timezone", "voltageLN", "grid"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "string", "pattern": "^[A-Za-z0-9_.-]+$", "description": "Site id" },
            "name": { "type": "string" },
            "timezone": { "type": "string", "minLength": 1, "description": "IANA time zone of schedules and profiles" },
            "voltageLN": { "type": "number", "exclusiveMinimum": 0, "maximum": 100000, "description": "Line-to-neutral voltage at the grid connection (V)" },
            "policy": { "$ref": "#/definitions/policy" },
            "grid": { "$ref": "#/definitions/node" }
          },
          "definitions": {
            "perPhase": { "type": "array", "minItems": 3, "maxItems": 3, "items": { "type": "number", "minimum": 0 } },
            "time": { "type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$" },
            "node": {
              "type": "object",
              "required": ["name"],
              "additionalProperties": false,
              "properties": {
                "name": { "type": "string", "minLength": 1 },
                "kind": { "enum": ["connection", "transformer", "feeder", "breaker", "board"] },
                "limitA": { "$ref": "#/definitions/perPhase" },
                "limitKW": { "type": "number", "minimum": 0 },
                "transformer": { "$ref": "#/definitions/transformer" },
                "schedules": { "type": "array", "items": { "$ref": "#/definitions/schedule" } },
                "baseLoad": { "type": "array", "minItems": 1, "items": { "$ref": "#/definitions/baseLoadStep" } },
                "children": { "type": "array", "items": { "$ref": "#/definitions/node" } },
                "stations": { "type": "array", "items": { "$ref": "#/definitions/station" } }
              }
            },
            "transformer": {
              "type": "object",
              "required": ["vectorGroup", "primaryVoltageLL", "secondaryVoltageLL"],
              "additionalProperties": false,
              "properties": {
                "vectorGroup": { "enum": ["Dyn11", "Dyn1", "Yyn0"] },
                "primaryVoltageLL": { "type": "number", "exclusiveMinimum": 0 },
                "secondaryVoltageLL": { "type": "number", "exclusiveMinimum": 0 },
                "primaryLimitA": { "$ref": "#/definitions/perPhase" }
              }
            },
            "schedule": {
              "type": "object",
              "required": ["from", "to"],
              "additionalProperties": false,
              "properties": {
                "days": { "type": "array", "minItems": 1, "items": { "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] } },
                "from": { "$ref": "#/definitions/time" },
                "to": { "$ref": "#/definitions/time" },
                "limitA": { "$ref": "#/definitions/perPhase" },
                "limitKW": { "type": "number", "minimum": 0 },
                "reason": { "type": "string" }
              }
            },
            "baseLoadStep": {
              "type": "object",
              "required": ["from", "kW"],
              "additionalProperties": false,
              "properties": { "from": { "$ref": "#/definitions/time" }, "kW": { "type": "number", "minimum": 0 } }
            },
            "station": {
              "type": "object",
              "required": ["id", "evses"],
              "additionalProperties": false,
              "properties": {
                "id": { "type": "string", "minLength": 1 },
                "evses": { "type": "array", "minItems": 1, "items": { "$ref": "#/definitions/evse" } }
              }
            },
            "evse": {
              "type": "object",
              "required": ["id", "wiring", "maxA"],
              "additionalProperties": false,
              "properties": {
                "id": { "type": "integer", "minimum": 1 },
                "wiring": { "enum": ["3P", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"] },
                "rotation": { "enum": ["RST", "RTS", "SRT", "STR", "TRS", "TSR", "NotApplicable", "Unknown"] },
                "maxA": { "type": "number", "exclusiveMinimum": 0, "maximum": 1000 },
                "group": { "type": "string" },
                "phaseSwitching": { "type": "boolean" }
              }
            },
            "policy": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "minCurrentA": { "type": "number", "minimum": 0 },
                "earlinessWeight": { "type": "number", "minimum": 0, "maximum": 1 },
                "fairnessWeight": { "type": "number", "minimum": 0, "maximum": 1 },
                "polygonOrder": { "type": "integer", "minimum": 4, "maximum": 256 },
                "executedPolygonOrder": { "type": "integer", "minimum": 4, "maximum": 256 },
                "idleStart": { "enum": ["minimum", "zero"] },
                "priorities": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": ["weight"],
                    "additionalProperties": false,
                    "properties": { "evse": { "type": "string" }, "group": { "type": "string" }, "weight": { "type": "number", "exclusiveMinimum": 0 } }
                  }
                }
              }
            }
          }
        }
        """#
}
