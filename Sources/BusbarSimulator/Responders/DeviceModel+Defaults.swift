extension DeviceModel {
    /// The variables a real OCPP 2.0.1 station typically reports, shaped by the simulator's configuration.
    public static func standard(for configuration: SimulatorConfiguration) -> DeviceModel {
        typealias V = DeviceModelVariable
        typealias K = DeviceModelVariable.Key
        var variables: [V] = [
            V(K(component: "OCPPCommCtrlr", variable: "HeartbeatInterval"), value: "300", dataType: "integer", unit: "s"),
            V(
                K(component: "OCPPCommCtrlr", variable: "MessageTimeout", variableInstance: "Default"),
                value: "30", mutability: "ReadOnly", dataType: "integer", unit: "s"),
            V(K(component: "OCPPCommCtrlr", variable: "NetworkConfigurationPriority"), value: "0", dataType: "SequenceList"),
            V(K(component: "OCPPCommCtrlr", variable: "NetworkProfileConnectionAttempts"), value: "3", dataType: "integer"),
            V(K(component: "OCPPCommCtrlr", variable: "OfflineThreshold"), value: "60", dataType: "integer", unit: "s"),
            V(
                K(component: "OCPPCommCtrlr", variable: "FileTransferProtocols"), value: "HTTPS",
                mutability: "ReadOnly", dataType: "MemberList", valuesList: "FTP,FTPS,HTTP,HTTPS,SFTP"),
            V(K(component: "OCPPCommCtrlr", variable: "WebSocketPingInterval"), value: "0", dataType: "integer", unit: "s"),
            V(
                K(component: "SecurityCtrlr", variable: "SecurityProfile"),
                value: String(configuration.securityProfile), mutability: "ReadOnly", dataType: "integer"),
            V(K(component: "SecurityCtrlr", variable: "Identity"), value: configuration.stationId),
            // A01: write-only, so GetVariables and reports never reveal it; `connect()` uses it.
            V(DeviceModelVariable.basicAuthPassword, value: configuration.password ?? "", mutability: "WriteOnly"),
            V(K(component: "SecurityCtrlr", variable: "OrganizationName"), value: configuration.vendorName),
            V(K(component: "SecurityCtrlr", variable: "CertificateEntries"), value: "0", mutability: "ReadOnly", dataType: "integer"),
            V(K(component: "AuthCtrlr", variable: "Enabled"), value: "true", dataType: "boolean"),
            V(K(component: "AuthCtrlr", variable: "AuthorizeRemoteStart"), value: "true", dataType: "boolean"),
            V(K(component: "AuthCtrlr", variable: "LocalAuthorizeOffline"), value: "true", dataType: "boolean"),
            V(K(component: "AuthCtrlr", variable: "LocalPreAuthorize"), value: "false", dataType: "boolean"),
            V(K(component: "AuthCacheCtrlr", variable: "Enabled"), value: "false", dataType: "boolean"),
            V(K(component: "LocalAuthListCtrlr", variable: "Enabled"), value: "true", dataType: "boolean"),
            V(K(component: "LocalAuthListCtrlr", variable: "Entries"), value: "0", mutability: "ReadOnly", dataType: "integer"),
            V(K(component: "ReservationCtrlr", variable: "Enabled"), value: "true", dataType: "boolean"),
            V(K(component: "SmartChargingCtrlr", variable: "Enabled"), value: "true", dataType: "boolean"),
            V(
                K(component: "SmartChargingCtrlr", variable: "RateUnit"), value: "A,W",
                mutability: "ReadOnly", dataType: "MemberList", valuesList: "A,W"),
            V(K(component: "SmartChargingCtrlr", variable: "ProfileStackLevel"), value: "10", mutability: "ReadOnly", dataType: "integer"),
            V(K(component: "SmartChargingCtrlr", variable: "PeriodsPerSchedule"), value: "24", mutability: "ReadOnly", dataType: "integer"),
            V(K(component: "SmartChargingCtrlr", variable: "LimitChangeSignificance"), value: "10", dataType: "decimal", unit: "Percent"),
            V(K(component: "SmartChargingCtrlr", variable: "Phases3to1"), value: "true", mutability: "ReadOnly", dataType: "boolean"),
            V(K(component: "SmartChargingCtrlr", variable: "ACPhaseSwitchingSupported"), value: "true", mutability: "ReadOnly", dataType: "boolean"),
            V(K(component: "TxCtrlr", variable: "EVConnectionTimeOut"), value: "60", dataType: "integer", unit: "s"),
            V(K(component: "TxCtrlr", variable: "StopTxOnEVSideDisconnect"), value: "true", dataType: "boolean"),
            V(K(component: "TxCtrlr", variable: "StopTxOnInvalidId"), value: "true", dataType: "boolean"),
            V(
                K(component: "TxCtrlr", variable: "TxStartPoint"), value: "PowerPathClosed", dataType: "MemberList",
                valuesList: "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer"),
            V(
                K(component: "TxCtrlr", variable: "TxStopPoint"), value: "EVConnected,Authorized", dataType: "MemberList",
                valuesList: "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer"),
            V(K(component: "SampledDataCtrlr", variable: "TxUpdatedInterval"), value: "60", dataType: "integer", unit: "s"),
            V(
                K(component: "SampledDataCtrlr", variable: "TxUpdatedMeasurands"),
                value: "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC", dataType: "MemberList"),
            V(
                K(component: "SampledDataCtrlr", variable: "TxStartedMeasurands"), value: "Energy.Active.Import.Register",
                dataType: "MemberList"),
            V(
                K(component: "SampledDataCtrlr", variable: "TxEndedMeasurands"), value: "Energy.Active.Import.Register",
                dataType: "MemberList"),
            V(K(component: "SampledDataCtrlr", variable: "TxEndedInterval"), value: "0", dataType: "integer", unit: "s"),
            V(K(component: "AlignedDataCtrlr", variable: "Interval"), value: "900", dataType: "integer", unit: "s"),
            V(K(component: "AlignedDataCtrlr", variable: "Measurands"), value: "Energy.Active.Import.Register", dataType: "MemberList"),
            V(
                K(component: "DeviceDataCtrlr", variable: "ItemsPerMessage", variableInstance: "GetReport"),
                value: "100", mutability: "ReadOnly", dataType: "integer"),
            V(
                K(component: "DeviceDataCtrlr", variable: "ItemsPerMessage", variableInstance: "GetVariables"),
                value: "50", mutability: "ReadOnly", dataType: "integer"),
            V(
                K(component: "DeviceDataCtrlr", variable: "BytesPerMessage", variableInstance: "GetReport"),
                value: "65536", mutability: "ReadOnly", dataType: "integer"),
            V(K(component: "ClockCtrlr", variable: "TimeSource"), value: "Heartbeat", dataType: "SequenceList"),
            V(
                K(component: "ChargingStation", variable: "AvailabilityState"), value: "Available",
                mutability: "ReadOnly", dataType: "OptionList",
                valuesList: "Available,Occupied,Reserved,Unavailable,Faulted"),
            V(K(component: "ChargingStation", variable: "Available"), value: "true", mutability: "ReadOnly", dataType: "boolean"),
            V(K(component: "ChargingStation", variable: "Model"), value: configuration.model, mutability: "ReadOnly"),
            V(K(component: "ChargingStation", variable: "VendorName"), value: configuration.vendorName, mutability: "ReadOnly"),
            V(
                K(component: "ChargingStation", variable: "SupplyPhases"),
                value: String(configuration.layout.evses.map(\.phases).max() ?? 3), mutability: "ReadOnly", dataType: "integer"),
        ]
        for evse in configuration.layout.evses {
            variables.append(
                V(
                    K(component: "EVSE", evseId: evse.id, variable: "AvailabilityState"), value: "Available",
                    mutability: "ReadOnly", dataType: "OptionList",
                    valuesList: "Available,Occupied,Reserved,Unavailable,Faulted"))
            variables.append(
                V(
                    K(component: "EVSE", evseId: evse.id, variable: "Power", variableInstance: nil),
                    value: String(Int(evse.maxCurrentAmps * 230 * Double(evse.phases))),
                    mutability: "ReadOnly", dataType: "decimal", unit: "W"))
            variables.append(
                V(
                    K(component: "EVSE", evseId: evse.id, variable: "SupplyPhases"), value: String(evse.phases),
                    mutability: "ReadOnly", dataType: "integer"))
            for connector in 1...max(evse.connectorCount, 1) {
                variables.append(
                    V(
                        K(component: "Connector", evseId: evse.id, connectorId: connector, variable: "ConnectorType"),
                        value: "cType2", mutability: "ReadOnly"))
                variables.append(
                    V(
                        K(component: "Connector", evseId: evse.id, connectorId: connector, variable: "AvailabilityState"),
                        value: "Available", mutability: "ReadOnly", dataType: "OptionList",
                        valuesList: "Available,Occupied,Reserved,Unavailable,Faulted"))
            }
        }
        return DeviceModel(variables: variables)
    }
}
