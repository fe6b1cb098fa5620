import BusbarStorage
import Foundation
import Testing

@Suite struct DeviceModelStoreTests {
    private func part(_ seqNo: Int, tbc: Bool, request: Int = 7) -> ReportPartRecord {
        ReportPartRecord(stationId: "CS-001", requestId: request, seqNo: seqNo, tbc: tbc, generatedAt: instant())
    }

    private func variable(_ name: String, value: String?, evse: Int? = nil, instance: String? = nil)
        -> DeviceModelVariableRecord
    {
        DeviceModelVariableRecord(
            stationId: "CS-001", componentName: "EVSE", evseId: evse, variableName: name, variableInstance: instance,
            value: value, mutability: "ReadOnly", characteristics: #"{"dataType":"decimal"}"#)
    }

    @Test func reportIsCompleteOnlyWhenTheLastPartArrivedAndNoneIsMissing() async throws {
        let store = try await makeStore()
        var status = try await store.storeReportPart(
            part(0, tbc: true), variables: [variable("Power", value: "1", evse: 1)])
        #expect(!status.isComplete)
        #expect(status.finalSeqNo == nil)

        status = try await store.storeReportPart(
            part(2, tbc: false), variables: [variable("Power", value: "2", evse: 2)])
        #expect(!status.isComplete)
        #expect(status.finalSeqNo == 2)
        #expect(status.missingSeqNos == [1])

        status = try await store.storeReportPart(
            part(1, tbc: true), variables: [variable("Power", value: "3", evse: 3)])
        #expect(status.isComplete)
        #expect(status.receivedSeqNos == [0, 1, 2])
        #expect(status.variableCount == 3)
        #expect(try await store.reportStatus(stationId: "CS-001", requestId: 7) == status)
        #expect(try await store.reportStatus(stationId: "CS-001", requestId: 8) == nil)
    }

    @Test func variablesAreUpsertedByTheirFullKey() async throws {
        let store = try await makeStore()
        _ = try await store.storeReportPart(
            part(0, tbc: false, request: 1),
            variables: [
                variable("Power", value: "11000"),
                variable("Power", value: "7000", evse: 1),
                variable("Power", value: "3600", evse: 1, instance: "L1"),
            ])
        _ = try await store.storeReportPart(
            part(0, tbc: false, request: 2),
            variables: [variable("Power", value: "22000"), variable("Power", value: "3700", evse: 1, instance: "L1")])

        let model = try await store.deviceModel(stationId: "CS-001")
        #expect(model.count == 3)
        #expect(model.map(\.value) == ["22000", "7000", "3700"])
        #expect(model.first?.characteristics == #"{"dataType":"decimal"}"#)
        #expect(model.first?.attributeType == "Actual")
    }

    @Test func redeliveredPartReplacesItsCopy() async throws {
        let store = try await makeStore()
        _ = try await store.storeReportPart(part(0, tbc: false), variables: [variable("Power", value: "1")])
        let status = try await store.storeReportPart(part(0, tbc: false), variables: [variable("Power", value: "2")])
        #expect(status.receivedSeqNos == [0])
        #expect(status.isComplete)
        #expect(try await store.deviceModel(stationId: "CS-001").map(\.value) == ["2"])
    }

    @Test func variablesOfAnotherStationAreRejected() async throws {
        let store = try await makeStore()
        var foreign = variable("Power", value: "1")
        foreign.stationId = "CS-999"
        let error = await #expect(throws: StorageError.self) {
            try await store.storeReportPart(part(0, tbc: false), variables: [foreign])
        }
        #expect(error?.code == .invalid)
        #expect(try await store.reportStatus(stationId: "CS-001", requestId: 7) == nil)
    }
}
