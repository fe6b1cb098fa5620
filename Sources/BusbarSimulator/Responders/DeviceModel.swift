import OCPP

/// The simulated station's in-memory device model: what GetVariables reads, SetVariables writes
/// and GetBaseReport/GetReport describe.
public struct DeviceModel: Sendable {
    /// All variables, in report order.
    public private(set) var variables: [DeviceModelVariable]

    /// Creates a model from explicit variables.
    public init(variables: [DeviceModelVariable]) {
        self.variables = variables
    }

    /// Outcome of looking up one GetVariables/SetVariables entry.
    enum Lookup {
        case found(Int)
        case unknownComponent
        case unknownVariable
    }

    func lookup(_ key: DeviceModelVariable.Key) -> Lookup {
        if let index = variables.firstIndex(where: { $0.key == key }) { return .found(index) }
        return variables.contains { $0.key.sameComponent(as: key) } ? .unknownVariable : .unknownComponent
    }

    /// The value of a variable, or nil when it does not exist.
    public func value(of key: DeviceModelVariable.Key) -> String? {
        guard case .found(let index) = lookup(key) else { return nil }
        return variables[index].value
    }

    /// Sets or adds a variable directly (tests preparing a scenario); no mutability check.
    public mutating func set(_ key: DeviceModelVariable.Key, to value: String) {
        if case .found(let index) = lookup(key) {
            variables[index].value = value
        } else {
            variables.append(DeviceModelVariable(key, value: value))
        }
    }

    /// Adds or replaces a variable with its characteristics.
    public mutating func define(_ variable: DeviceModelVariable) {
        if case .found(let index) = lookup(variable.key) {
            variables[index] = variable
        } else {
            variables.append(variable)
        }
    }

    /// Parses a `ComponentType` + `VariableType` pair from a request into a key.
    static func key(component: JSONValue?, variable: JSONValue?) -> DeviceModelVariable.Key {
        DeviceModelVariable.Key(
            component: component?["name"]?.stringValue ?? "",
            componentInstance: component?["instance"]?.stringValue,
            evseId: component?["evse"]?["id"]?.intValue,
            connectorId: component?["evse"]?["connectorId"]?.intValue,
            variable: variable?["name"]?.stringValue ?? "",
            variableInstance: variable?["instance"]?.stringValue
        )
    }

    /// A key as `ComponentType` JSON.
    static func componentJSON(_ key: DeviceModelVariable.Key) -> JSONValue {
        var component: [String: JSONValue] = ["name": .string(key.component)]
        if let instance = key.componentInstance { component["instance"] = .string(instance) }
        if let evseId = key.evseId {
            var evse: [String: JSONValue] = ["id": .number(Double(evseId))]
            if let connectorId = key.connectorId { evse["connectorId"] = .number(Double(connectorId)) }
            component["evse"] = .object(evse)
        }
        return .object(component)
    }

    /// A key as `VariableType` JSON.
    static func variableJSON(_ key: DeviceModelVariable.Key) -> JSONValue {
        var variable: [String: JSONValue] = ["name": .string(key.variable)]
        if let instance = key.variableInstance { variable["instance"] = .string(instance) }
        return .object(variable)
    }
}
