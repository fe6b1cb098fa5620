import Foundation

/// One attribute of one variable of one component, as a NotifyReport (B07/B08) described it:
/// the CSMS's copy of the station's device model.
public struct DeviceModelVariableRecord: Codable, Sendable, Hashable {
    /// The station the device model belongs to.
    public var stationId: String
    /// component.name.
    public var componentName: String
    /// component.instance.
    public var componentInstance: String?
    /// component.evse.id.
    public var evseId: Int?
    /// component.evse.connectorId.
    public var connectorId: Int?
    /// variable.name.
    public var variableName: String
    /// variable.instance.
    public var variableInstance: String?
    /// AttributeEnumType string: Actual, Target, MinSet, MaxSet (OCPP's default is Actual).
    public var attributeType: String
    /// variableAttribute.value; absent for write-only variables.
    public var value: String?
    /// MutabilityEnumType string: ReadOnly, WriteOnly, ReadWrite.
    public var mutability: String?
    /// variableCharacteristics as JSON (unit, dataType, limits, valuesList, supportsMonitoring).
    public var characteristics: String?
    /// Stamped by the store when the report part is stored.
    public var updatedAt: Date

    /// Makes a device model attribute.
    public init(
        stationId: String,
        componentName: String,
        componentInstance: String? = nil,
        evseId: Int? = nil,
        connectorId: Int? = nil,
        variableName: String,
        variableInstance: String? = nil,
        attributeType: String = "Actual",
        value: String? = nil,
        mutability: String? = nil,
        characteristics: String? = nil,
        updatedAt: Date = Date()
    ) {
        self.stationId = stationId
        self.componentName = componentName
        self.componentInstance = componentInstance
        self.evseId = evseId
        self.connectorId = connectorId
        self.variableName = variableName
        self.variableInstance = variableInstance
        self.attributeType = attributeType
        self.value = value
        self.mutability = mutability
        self.characteristics = characteristics
        self.updatedAt = updatedAt
    }
}
