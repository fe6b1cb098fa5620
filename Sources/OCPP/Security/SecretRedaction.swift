#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Takes secrets out of OCPP-J frames and payloads before they are stored, logged or shown.
///
/// What counts as a secret in OCPP 2.0.1:
/// - the value of `SecurityCtrlr.BasicAuthPassword` (Part 2 Appendices §3.1.15: write-only "so
///   that it cannot be accidentally stored in plaintext by the CSMS"), wherever a component
///   variable carries it: `SetVariablesRequest.setVariableData[].attributeValue`,
///   `GetVariablesResponse.getVariableResult[].attributeValue`, `NotifyReportRequest`
///   `reportData[].variableAttribute[].value` and `NotifyEventRequest.eventData[].actualValue`;
/// - `SetNetworkProfileRequest.connectionData`: `vpn.password`, `vpn.key` and `apn.apnPassword`.
/// The variable is matched by name whatever its component, so a misfiled copy is caught too.
/// Everything else of the frame is kept, so the frame log stays useful for troubleshooting.
public enum SecretRedaction {
    /// What a secret is replaced with.
    public static let placeholder = "<redacted>"
    /// Variables whose value is a secret.
    public static let secretVariables: Set<String> = ["BasicAuthPassword"]
    /// Members of a variable entry that hold its value.
    static let valueMembers: Set<String> = ["attributeValue", "actualValue", "value"]
    /// Secret members of objects with these names (SetNetworkProfile's connectionData).
    static let secretMembers: [String: Set<String>] = ["vpn": ["password", "key"], "apn": ["apnPassword"]]

    /// The frame text with every secret replaced; the same text when it holds none. A frame that
    /// mentions none of the markers is returned without being parsed, which keeps this off the
    /// message path's profile; a frame that cannot be parsed but mentions one is replaced whole.
    public static func redact(frame text: String) -> String {
        guard mayHoldSecret(text) else { return text }
        guard let value = try? JSONValue(parsing: text) else { return "\"\(placeholder): unparsable frame mentioning a secret\"" }
        let redacted = redact(value)
        return redacted == value ? text : redacted.serialized()
    }

    /// The value with every secret replaced.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map(redact))
        case .object(var members):
            // `variable` is a VariableType in OCPP payloads, a plain name in some API views.
            if let name = members["variable"]?["name"]?.stringValue ?? members["variable"]?.stringValue, secretVariables.contains(name) {
                for key in valueMembers where members[key] != nil { members[key] = .string(placeholder) }
                if case .array(let attributes)? = members["variableAttribute"] {
                    members["variableAttribute"] = .array(attributes.map(redactValue))
                }
            }
            for (key, member) in members {
                if let secrets = secretMembers[key], case .object(var inner) = member {
                    for secret in secrets where inner[secret] != nil { inner[secret] = .string(placeholder) }
                    members[key] = redact(.object(inner))
                } else {
                    members[key] = redact(member)
                }
            }
            return .object(members)
        default:
            return value
        }
    }

    private static func redactValue(_ attribute: JSONValue) -> JSONValue {
        guard case .object(var members) = attribute, members["value"] != nil else { return attribute }
        members["value"] = .string(placeholder)
        return .object(members)
    }

    /// Markers a frame with a secret must contain: the names above, or a `\u` escape that could
    /// spell them.
    static let markers: [[UInt8]] = ["BasicAuthPassword", "\"vpn\"", "\"apn\"", "\\u"].map { Array($0.utf8) }

    /// Markers as C strings, for `strstr`.
    static let cMarkers: [ContiguousArray<CChar>] = markers.map { ContiguousArray($0.map { CChar(bitPattern: $0) } + [0]) }

    /// C's `strstr` per marker: a few hundred bytes are scanned in well under a microsecond,
    /// which matters because every frame in and out passes here. A frame with a NUL byte (never
    /// valid JSON, but still logged) is searched byte by byte instead, since `strstr` stops there.
    static func mayHoldSecret(_ text: String) -> Bool {
        text.withCString { string in
            let length = text.utf8.count
            if memchr(string, 0, length) != nil {
                return markers.contains { marker in
                    let bytes = Array(text.utf8)
                    return bytes.count >= marker.count
                        && (0...(bytes.count - marker.count)).contains { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }
                }
            }
            return cMarkers.contains { marker in marker.withUnsafeBufferPointer { strstr(string, $0.baseAddress!) != nil } }
        }
    }
}
