/// One component variable of the simulated device model (OCPP 2.0.1 Part 1 §4, "Device model").
public struct DeviceModelVariable: Sendable, Hashable {
    /// Where the variable lives and what it is called; matching follows GetVariables semantics.
    public struct Key: Sendable, Hashable {
        /// Component name, e.g. "OCPPCommCtrlr".
        public var component: String
        /// Component instance, if the component has several.
        public var componentInstance: String?
        /// EVSE id for EVSE- and connector-level components.
        public var evseId: Int?
        /// Connector id for connector-level components.
        public var connectorId: Int?
        /// Variable name, e.g. "HeartbeatInterval".
        public var variable: String
        /// Variable instance, e.g. "Default" for MessageTimeout.
        public var variableInstance: String?

        /// Creates a key.
        public init(
            component: String, componentInstance: String? = nil, evseId: Int? = nil, connectorId: Int? = nil,
            variable: String, variableInstance: String? = nil
        ) {
            self.component = component
            self.componentInstance = componentInstance
            self.evseId = evseId
            self.connectorId = connectorId
            self.variable = variable
            self.variableInstance = variableInstance
        }

        /// Same component, ignoring the variable.
        func sameComponent(as other: Key) -> Bool {
            component == other.component && componentInstance == other.componentInstance
                && evseId == other.evseId && connectorId == other.connectorId
        }
    }

    /// The identity of the variable.
    public var key: Key
    /// The Actual attribute value as OCPP sends it (always a string on the wire).
    public var value: String
    /// "ReadOnly", "ReadWrite" or "WriteOnly".
    public var mutability: String
    /// "string", "decimal", "integer", "dateTime", "boolean", "OptionList", "SequenceList" or "MemberList".
    public var dataType: String
    /// Unit for NotifyReport's variableCharacteristics.
    public var unit: String?
    /// Allowed values for list types.
    public var valuesList: String?

    /// Creates a variable.
    public init(
        _ key: Key, value: String, mutability: String = "ReadWrite", dataType: String = "string",
        unit: String? = nil, valuesList: String? = nil
    ) {
        self.key = key
        self.value = value
        self.mutability = mutability
        self.dataType = dataType
        self.unit = unit
        self.valuesList = valuesList
    }

    /// SecurityCtrlr.BasicAuthPassword (A01), the password the station connects with.
    public static let basicAuthPassword = Key(component: "SecurityCtrlr", variable: "BasicAuthPassword")

    /// Whether `candidate` is an acceptable value for this variable's data type.
    func accepts(_ candidate: String) -> Bool {
        // A01.FR.01 / TC_A_10: a BasicAuthPassword must be a passwordString of 16 to 40 characters.
        if key == Self.basicAuthPassword { return (16...40).contains(candidate.count) }
        return switch dataType {
        case "integer": Int(candidate) != nil
        case "decimal": Double(candidate) != nil
        case "boolean": candidate == "true" || candidate == "false"
        case "OptionList":
            valuesList.map { $0.split(separator: ",").map(String.init).contains(candidate) } ?? true
        default: candidate.utf8.count <= 2500
        }
    }
}
