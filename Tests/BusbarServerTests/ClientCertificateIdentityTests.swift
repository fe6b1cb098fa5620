import Testing
import X509

@testable import BusbarServer

/// Which subjects name a profile-3 station (A00.FR.3xx), without a TLS handshake.
@Suite struct ClientCertificateIdentityTests {
    private func subject(_ commonNames: [String], organization: String = "Busbar Tests") -> DistinguishedName {
        typealias Attribute = RelativeDistinguishedName.Attribute
        let organization = RelativeDistinguishedName([Attribute(type: .RDNAttributeType.organizationName, utf8String: organization)])
        return DistinguishedName(
            [organization] + commonNames.map { RelativeDistinguishedName([Attribute(type: .RDNAttributeType.commonName, utf8String: $0)]) })
    }

    @Test func exactlyOneCommonNameEqualToTheIdentityIsAccepted() {
        #expect(ClientCertificateIdentity.problem(subject: subject(["TLS-001"]), stationId: "TLS-001") == nil)
        #expect(ClientCertificateIdentity.problem(subject: subject(["CS+1=A"]), stationId: "CS+1=A") == nil, "no RFC 4514 escaping")
    }

    @Test func twoCommonNamesNameNoStation() {
        let twice = subject(["TLS-002", "TLS-001"])
        #expect(ClientCertificateIdentity.problem(subject: twice, stationId: "TLS-001")?.contains("exactly one CN") == true)
        #expect(ClientCertificateIdentity.problem(subject: twice, stationId: "TLS-002") != nil)
        #expect(ClientCertificateIdentity.problem(subject: subject(["TLS-001", "TLS-001"]), stationId: "TLS-001") != nil)
    }

    @Test func noOrAnotherCommonNameIsRefused() {
        #expect(ClientCertificateIdentity.problem(subject: subject([]), stationId: "TLS-001") != nil)
        #expect(ClientCertificateIdentity.problem(subject: subject(["TLS-0011"]), stationId: "TLS-001") != nil)
        #expect(ClientCertificateIdentity.problem(subject: subject(["tls-001"]), stationId: "TLS-001") != nil)
    }
}
