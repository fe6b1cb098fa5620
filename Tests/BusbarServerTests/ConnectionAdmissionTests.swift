import Testing

@testable import BusbarServer

/// The slots of not-yet-authenticated connections as a pure counter (issue #10 defect 1).
@Suite("ConnectionAdmission")
struct ConnectionAdmissionTests {
    @Test("past the per-address cap one address is refused while another still gets in; released slots come back")
    func perAddressAndGlobalCaps() {
        let admission = ConnectionAdmission(maxTotal: 3, maxPerAddress: 2)
        #expect(admission.admit(address: "10.0.0.1") == nil)
        #expect(admission.admit(address: "10.0.0.1") == nil)
        #expect(admission.admit(address: "10.0.0.1") == .address)
        #expect(admission.admit(address: "10.0.0.2") == nil)
        #expect(admission.admit(address: "10.0.0.3") == .global)
        #expect(admission.pending == 3)
        admission.release(address: "10.0.0.1")
        #expect(admission.admit(address: "10.0.0.3") == nil)
        for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] { admission.release(address: address) }
        #expect(admission.pending == 0)
    }
}
