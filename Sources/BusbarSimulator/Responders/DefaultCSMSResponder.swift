import Foundation
import OCPP

/// The schema-valid answer a well-behaved station gives to each CSMS→station action, and the work it
/// then promises; pure, so every answer is unit-testable without sockets.
///
/// Accepts whatever it reasonably can: the simulator exists to exercise the CSMS, so refusals are
/// left to scripted handlers (`setRequestHandler`).
enum DefaultCSMSResponder {
    struct Outcome: Sendable {
        var reply: CSMSCallReply
        var followUps: [FollowUp] = []
        /// Station state the answer changed.
        var localListVersion: Int?
        /// The station's charging profiles after the answer, when it changed them.
        var chargingProfiles: InstalledChargingProfiles?
    }

    static func respond(to call: RPCCall, model: inout DeviceModel, station: StationSnapshot) -> Outcome {
        let payload = call.payload
        func status(_ value: String) -> Outcome { Outcome(reply: .result(["status": .string(value)])) }

        switch call.action {
        case "GetVariables":
            return Outcome(reply: .result(["getVariableResult": .array(getVariables(payload, model: model))]))
        case "SetVariables":
            return Outcome(reply: .result(["setVariableResult": .array(setVariables(payload, model: &model))]))
        case "GetBaseReport":
            let requestId = payload["requestId"]?.intValue ?? 0
            let selected: [DeviceModelVariable]
            switch payload["reportBase"]?.stringValue {
            case "ConfigurationInventory": selected = model.variables.filter { $0.mutability != "ReadOnly" }
            case "SummaryInventory": selected = model.variables.filter { $0.key.variable == "AvailabilityState" }
            default: selected = model.variables
            }
            if selected.isEmpty { return status("EmptyResultSet") }
            return Outcome(reply: .result(["status": "Accepted"]), followUps: [.report(requestId: requestId, variables: selected)])
        case "GetReport":
            let requestId = payload["requestId"]?.intValue ?? 0
            let selected = reportSelection(payload, model: model)
            if selected.isEmpty { return status("EmptyResultSet") }
            return Outcome(reply: .result(["status": "Accepted"]), followUps: [.report(requestId: requestId, variables: selected)])
        case "RequestStartTransaction":
            let requested = payload["evseId"]?.intValue
            let evseId: Int?
            if let requested {
                evseId = station.layout.evse(requested) != nil && !station.hasTransaction(onEVSE: requested) ? requested : nil
            } else {
                evseId = station.freeEVSE
            }
            guard let evseId, let idToken = payload["idToken"] else { return status("Rejected") }
            let remoteStartId = payload["remoteStartId"]?.intValue ?? 0
            return Outcome(
                reply: .result(["status": "Accepted"]),
                followUps: [.startTransaction(evseId: evseId, idToken: idToken, remoteStartId: remoteStartId)])
        case "RequestStopTransaction":
            guard let transactionId = payload["transactionId"]?.stringValue, station.transactions[transactionId] != nil else {
                return status("Rejected")
            }
            return Outcome(reply: .result(["status": "Accepted"]), followUps: [.stopTransaction(transactionId: transactionId)])
        case "TriggerMessage":
            return trigger(payload, station: station)
        case "ChangeAvailability":
            let operative = payload["operationalStatus"]?.stringValue == "Operative"
            let evseId = payload["evse"]?["id"]?.intValue
            if let evseId, evseId != 0, station.layout.evse(evseId) == nil { return status("Rejected") }
            if let evseId, station.hasTransaction(onEVSE: evseId), !operative { return status("Scheduled") }
            return Outcome(
                reply: .result(["status": "Accepted"]),
                followUps: [
                    .availability(
                        evseId: evseId == 0 ? nil : evseId, connectorId: payload["evse"]?["connectorId"]?.intValue,
                        status: operative ? "Available" : "Unavailable")
                ])
        case "Reset":
            if payload["type"]?.stringValue == "OnIdle", !station.transactions.isEmpty { return status("Scheduled") }
            return status("Accepted")
        case "UnlockConnector":
            let evseId = payload["evseId"]?.intValue ?? 0
            guard let evse = station.layout.evse(evseId),
                let connectorId = payload["connectorId"]?.intValue, (1...max(evse.connectorCount, 1)).contains(connectorId)
            else { return status("UnknownConnector") }
            return status(station.hasTransaction(onEVSE: evseId) ? "OngoingAuthorizedTransaction" : "Unlocked")
        case "GetTransactionStatus":
            var result: [String: JSONValue] = ["messagesInQueue": false]
            if let transactionId = payload["transactionId"]?.stringValue {
                result["ongoingIndicator"] = .bool(station.transactions[transactionId] != nil)
            }
            return Outcome(reply: .result(.object(result)))
        case "GetLocalListVersion":
            return Outcome(reply: .result(["versionNumber": .number(Double(station.localListVersion))]))
        case "SendLocalList":
            var outcome = status("Accepted")
            outcome.localListVersion = payload["versionNumber"]?.intValue
            return outcome
        case "SetChargingProfile":
            guard let request = try? OCPPCoding.decode(SetChargingProfileRequest.self, from: payload) else { return status("Rejected") }
            var profiles = station.chargingProfiles
            if let reason = profiles.set(
                request, layout: station.layout, transactions: station.transactions, capabilities: smartCharging(model))
            {
                return Outcome(reply: .result(["status": "Rejected", "statusInfo": ["reasonCode": .string(reason)]]))
            }
            var outcome = status("Accepted")
            outcome.chargingProfiles = profiles
            return outcome
        case "ClearChargingProfile":
            guard let request = try? OCPPCoding.decode(ClearChargingProfileRequest.self, from: payload) else { return status("Unknown") }
            var profiles = station.chargingProfiles
            let cleared = profiles.clear(request)
            var outcome = status(cleared > 0 ? "Accepted" : "Unknown")
            outcome.chargingProfiles = profiles
            return outcome
        case "GetChargingProfiles":
            guard let request = try? OCPPCoding.decode(GetChargingProfilesRequest.self, from: payload) else { return status("NoProfiles") }
            let reports = station.chargingProfiles.report(request)
            if reports.isEmpty { return status("NoProfiles") }
            return Outcome(reply: .result(["status": "Accepted"]), followUps: [.reportChargingProfiles(reports)])
        case "GetCompositeSchedule":
            return compositeSchedule(payload, station: station)
        case "ClearVariableMonitoring":
            let ids = payload["id"]?.arrayValue ?? []
            let results: [JSONValue] = ids.map { ["status": "NotFound", "id": $0] }
            return Outcome(
                reply: .result(["clearMonitoringResult": .array(results.isEmpty ? [["status": "NotFound", "id": 0]] : results)]))
        case "SetVariableMonitoring":
            let data = payload["setMonitoringData"]?.arrayValue ?? []
            let results: [JSONValue] = data.enumerated().map { index, item in
                var result: [String: JSONValue] = [
                    "status": "Accepted",
                    "type": item["type"] ?? "Delta",
                    "severity": item["severity"] ?? 0,
                    "component": item["component"] ?? ["name": ""],
                    "variable": item["variable"] ?? ["name": ""],
                ]
                result["id"] = item["id"] ?? .number(Double(index + 1))
                return .object(result)
            }
            return Outcome(reply: .result(["setMonitoringResult": .array(results)]))
        case "GetMonitoringReport": return status("EmptyResultSet")
        case "SetMonitoringBase": return status("Accepted")
        case "SetMonitoringLevel": return status("Accepted")
        case "CancelReservation": return status("Accepted")
        case "ReserveNow": return status("Accepted")
        case "CertificateSigned": return status("Accepted")
        case "InstallCertificate": return status("Accepted")
        case "DeleteCertificate": return status("NotFound")
        case "GetInstalledCertificateIds": return status("NotFound")
        case "ClearCache": return status("Accepted")
        case "ClearDisplayMessage": return status("Unknown")
        case "GetDisplayMessages": return status("Unknown")
        case "SetDisplayMessage": return status("Accepted")
        case "CostUpdated": return Outcome(reply: .result(.object([:])))
        case "CustomerInformation": return status("Accepted")
        case "DataTransfer": return status("UnknownVendorId")
        case "GetLog": return status("Rejected")
        case "PublishFirmware": return status("Rejected")
        case "UnpublishFirmware": return status("NoFirmware")
        case "UpdateFirmware": return status("Rejected")
        case "SetNetworkProfile": return status("Rejected")
        default:
            let known = OCPPAction(rawValue: call.action) != nil
            return Outcome(
                reply: .error(
                    known ? .notSupported : .notImplemented,
                    description: known
                        ? "\(call.action) is not sent by a CSMS to a station; the simulator does not answer it"
                        : "Unknown action \(call.action)"))
        }
    }

    // MARK: device model

    private static func getVariables(_ payload: JSONValue, model: DeviceModel) -> [JSONValue] {
        (payload["getVariableData"]?.arrayValue ?? []).map { item in
            let key = DeviceModel.key(component: item["component"], variable: item["variable"])
            var result: [String: JSONValue] = [
                "component": item["component"] ?? DeviceModel.componentJSON(key),
                "variable": item["variable"] ?? DeviceModel.variableJSON(key),
            ]
            let attributeType = item["attributeType"]?.stringValue ?? "Actual"
            if let type = item["attributeType"] { result["attributeType"] = type }
            switch model.lookup(key) {
            case .unknownComponent: result["attributeStatus"] = "UnknownComponent"
            case .unknownVariable: result["attributeStatus"] = "UnknownVariable"
            case .found(let index):
                let variable = model.variables[index]
                if attributeType != "Actual" {
                    result["attributeStatus"] = "NotSupportedAttributeType"
                } else if variable.mutability == "WriteOnly" {
                    result["attributeStatus"] = "Rejected"
                } else {
                    result["attributeStatus"] = "Accepted"
                    result["attributeValue"] = .string(variable.value)
                }
            }
            return .object(result)
        }
    }

    private static func setVariables(_ payload: JSONValue, model: inout DeviceModel) -> [JSONValue] {
        (payload["setVariableData"]?.arrayValue ?? []).map { item in
            let key = DeviceModel.key(component: item["component"], variable: item["variable"])
            var result: [String: JSONValue] = [
                "component": item["component"] ?? DeviceModel.componentJSON(key),
                "variable": item["variable"] ?? DeviceModel.variableJSON(key),
            ]
            let attributeType = item["attributeType"]?.stringValue ?? "Actual"
            if let type = item["attributeType"] { result["attributeType"] = type }
            let value = item["attributeValue"]?.stringValue ?? ""
            switch model.lookup(key) {
            case .unknownComponent: result["attributeStatus"] = "UnknownComponent"
            case .unknownVariable: result["attributeStatus"] = "UnknownVariable"
            case .found(let index):
                let variable = model.variables[index]
                if attributeType != "Actual" {
                    result["attributeStatus"] = "NotSupportedAttributeType"
                } else if variable.mutability == "ReadOnly" || !variable.accepts(value) {
                    result["attributeStatus"] = "Rejected"
                } else {
                    var updated = variable
                    updated.value = value
                    model.define(updated)
                    result["attributeStatus"] = "Accepted"
                }
            }
            return .object(result)
        }
    }

    private static func reportSelection(_ payload: JSONValue, model: DeviceModel) -> [DeviceModelVariable] {
        guard let filters = payload["componentVariable"]?.arrayValue, !filters.isEmpty else {
            return model.variables
        }
        return model.variables.filter { variable in
            filters.contains { filter in
                let component = filter["component"]
                guard component?["name"]?.stringValue == variable.key.component else { return false }
                if let instance = component?["instance"]?.stringValue, instance != variable.key.componentInstance { return false }
                if let evse = component?["evse"]?["id"]?.intValue, evse != variable.key.evseId { return false }
                if let name = filter["variable"]?["name"]?.stringValue, name != variable.key.variable { return false }
                if let instance = filter["variable"]?["instance"]?.stringValue, instance != variable.key.variableInstance {
                    return false
                }
                return true
            }
        }
    }

    // MARK: other actions

    private static let triggerable: Set<String> = [
        "BootNotification", "Heartbeat", "StatusNotification", "MeterValues", "TransactionEvent",
        "FirmwareStatusNotification", "LogStatusNotification",
    ]

    private static func trigger(_ payload: JSONValue, station: StationSnapshot) -> Outcome {
        let message = payload["requestedMessage"]?.stringValue ?? ""
        let evseId = payload["evse"]?["id"]?.intValue
        let connectorId = payload["evse"]?["connectorId"]?.intValue
        guard triggerable.contains(message) else {
            return Outcome(reply: .result(["status": "NotImplemented"]))
        }
        if let evseId, station.layout.evse(evseId) == nil {
            return Outcome(reply: .result(["status": "Rejected"]))
        }
        if message == "TransactionEvent" {
            let ongoing = evseId.map { station.hasTransaction(onEVSE: $0) } ?? !station.transactions.isEmpty
            if !ongoing { return Outcome(reply: .result(["status": "Rejected"])) }
        }
        return Outcome(
            reply: .result(["status": "Accepted"]),
            followUps: [.trigger(message: message, evseId: evseId, connectorId: connectorId)])
    }

    private static func compositeSchedule(_ payload: JSONValue, station: StationSnapshot) -> Outcome {
        let evseId = payload["evseId"]?.intValue ?? 0
        let duration = payload["duration"]?.intValue ?? 0
        let unit = payload["chargingRateUnit"]?.stringValue ?? "A"
        let evse = station.layout.evse(evseId)
        guard evseId == 0 || evse != nil else { return Outcome(reply: .result(["status": "Rejected"])) }
        let maxAmps = evse?.maxCurrentAmps ?? station.layout.evses.map(\.maxCurrentAmps).reduce(0, +)
        let phases = evse?.phases ?? 3
        let transaction = station.transactions.first { $0.value == evseId }?.key
        let schedule = station.chargingProfiles.composite(
            evseId: evseId, transactionId: transaction, phases: phases, hardwareMaxA: maxAmps, start: Date(),
            duration: max(duration, 0), unit: unit == "W" ? .w : .a)
        return Outcome(reply: .result(["status": "Accepted", "schedule": schedule.jsonValue]))
    }

    /// What SetChargingProfile is checked against: the station's SmartChargingCtrlr variables.
    static func smartCharging(_ model: DeviceModel) -> InstalledChargingProfiles.Capabilities {
        func value(_ name: String) -> String? { model.value(of: .init(component: "SmartChargingCtrlr", variable: name)) }
        let units = (value("RateUnit") ?? "A,W").split(separator: ",").compactMap {
            ChargingRateUnitEnumType(rawValue: $0.trimmingCharacters(in: .whitespaces))
        }
        return InstalledChargingProfiles.Capabilities(
            maxStackLevel: Int(value("ProfileStackLevel") ?? "") ?? 10, maxPeriods: Int(value("PeriodsPerSchedule") ?? "") ?? 24,
            rateUnits: Set(units))
    }
}
