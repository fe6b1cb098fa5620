import OCPP

/// Splits a device-model report into NotifyReportRequest payloads (B07/B08: `seqNo` from 0, `tbc`
/// true on all parts but the last).
enum NotifyReportBuilder {
    static func parts(requestId: Int, variables: [DeviceModelVariable], itemsPerMessage: Int, generatedAt: String) -> [JSONValue] {
        let size = max(itemsPerMessage, 1)
        let chunks = stride(from: 0, to: max(variables.count, 1), by: size).map {
            Array(variables[$0..<min($0 + size, variables.count)])
        }
        return chunks.enumerated().map { index, chunk in
            var payload: [String: JSONValue] = [
                "requestId": .number(Double(requestId)),
                "generatedAt": .string(generatedAt),
                "seqNo": .number(Double(index)),
                "tbc": .bool(index < chunks.count - 1),
            ]
            if !chunk.isEmpty { payload["reportData"] = .array(chunk.map(reportData)) }
            return .object(payload)
        }
    }

    private static func reportData(_ variable: DeviceModelVariable) -> JSONValue {
        var attribute: [String: JSONValue] = [
            "type": "Actual",
            "mutability": .string(variable.mutability),
            "persistent": true,
            "constant": .bool(variable.mutability == "ReadOnly"),
        ]
        if variable.mutability != "WriteOnly" { attribute["value"] = .string(variable.value) }
        var characteristics: [String: JSONValue] = [
            "dataType": .string(variable.dataType),
            "supportsMonitoring": false,
        ]
        if let unit = variable.unit { characteristics["unit"] = .string(unit) }
        if let valuesList = variable.valuesList { characteristics["valuesList"] = .string(valuesList) }
        return [
            "component": DeviceModel.componentJSON(variable.key),
            "variable": DeviceModel.variableJSON(variable.key),
            "variableAttribute": [.object(attribute)],
            "variableCharacteristics": .object(characteristics),
        ]
    }
}
