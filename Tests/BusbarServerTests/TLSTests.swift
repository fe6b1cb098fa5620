import BusbarServer
import BusbarSimulator
import Foundation
import NIOSSL
import OCPP
import Testing

/// Security profiles 2 and 3 (Part 2 A00, Part 4 §3) over a real `wss://` listener with real
/// certificates minted by `TestPKI`: who may connect, and which TLS the listener agrees to.
@Suite("TLS security profiles, end to end")
struct TLSTests {
    // MARK: A00 security profile 2 — TLS with server authentication + HTTP Basic

    @Test("A00 profile 2 — a station over wss:// with Basic auth and no client certificate boots")
    func profile2StationBoots() async throws {
        try await withTLSServer { server, pki in
            let password = try await server.addStation("CS-TLS-SP2", securityProfile: 2)
            let station = server.tlsSimulator("CS-TLS-SP2", password: password, tls: try pki.stationTLS())
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            let reply = try await server.api.get("/api/v1/stations/CS-TLS-SP2")
            #expect(reply.body["connected"] == .bool(true))
            await station.disconnect()
        }
    }

    @Test("A00 profile 2 — a wrong Basic password over wss:// is refused with 401")
    func profile2WrongPasswordIsRefused() async throws {
        try await withTLSServer { server, pki in
            try await server.addStation("CS-TLS-SP2", securityProfile: 2)
            let station = server.tlsSimulator("CS-TLS-SP2", password: "not-the-password-1", tls: try pki.stationTLS())
            #expect(await upgradeStatus(of: station) == 401)
        }
    }

    @Test("A00 profile 2 — a station that does not trust the CSMS root fails the TLS handshake")
    func untrustedServerCertificateFails() async throws {
        try await withTLSServer { server, pki in
            let password = try await server.addStation("CS-TLS-SP2", securityProfile: 2)
            let tls = try StationTLS.configuration(trustedRootPEMFile: pki.rogueRoot.certificatePath)
            let station = server.tlsSimulator("CS-TLS-SP2", password: password, tls: tls)
            #expect(await tlsFailure(of: station, reason: "CERTIFICATE_VERIFY_FAILED"))
        }
    }

    // MARK: A00 security profile 3 — TLS with client certificates (A00.FR.3xx: CN = station identity)

    @Test("A00 profile 3 — a client certificate from the CSMS root with CN = identity boots without a password")
    func profile3WithMatchingCertificateBoots() async throws {
        try await withTLSServer { server, pki in
            try await server.addStation("CS-TLS-SP3", securityProfile: 3)
            let certificate = try pki.clientCertificate(for: "CS-TLS-SP3")
            let station = server.tlsSimulator("CS-TLS-SP3", password: nil, tls: try pki.stationTLS(client: certificate))
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            #expect(try await server.api.get("/api/v1/stations/CS-TLS-SP3").body["connected"] == .bool(true))
            await station.disconnect()
        }
    }

    @Test("A00 profile 3 — a valid client certificate whose CN is another station is refused with 401")
    func profile3WithOtherStationsCertificateIsRefused() async throws {
        try await withTLSServer { server, pki in
            let bystander = try await pki.bootedProfile3Station("CS-TLS-BYSTANDER", on: server)
            try await server.addStation("CS-TLS-SP3", securityProfile: 3)
            try await server.addStation("CS-TLS-OTHER", securityProfile: 3)
            let certificate = try pki.clientCertificate(for: "CS-TLS-OTHER")
            let station = server.tlsSimulator("CS-TLS-SP3", password: nil, tls: try pki.stationTLS(client: certificate))
            #expect(await upgradeStatus(of: station) == 401)
            try await expectStillServing(server, bystander)
        }
    }

    @Test("A00 profile 3 — a client certificate with two subject CNs is refused with 401 for either station")
    func profile3WithTwoCommonNamesIsRefused() async throws {
        try await withTLSServer { server, pki in
            let bystander = try await pki.bootedProfile3Station("CS-TLS-BYSTANDER", on: server)
            try await server.addStation("TLS-001", securityProfile: 3)
            try await server.addStation("TLS-002", securityProfile: 3)
            let certificate = try pki.clientCertificate(commonNames: ["TLS-002", "TLS-001"])
            for stationId in ["TLS-001", "TLS-002"] {
                let station = server.tlsSimulator(stationId, password: nil, tls: try pki.stationTLS(client: certificate))
                #expect(await upgradeStatus(of: station) == 401, "\(stationId) must not be admitted by a two-CN certificate")
            }
            try await expectStillServing(server, bystander)
        }
    }

    @Test("A00 profile 3 — a client certificate from a foreign root fails the TLS handshake")
    func profile3WithRogueCertificateFailsHandshake() async throws {
        try await withTLSServer { server, pki in
            let bystander = try await pki.bootedProfile3Station("CS-TLS-BYSTANDER", on: server)
            try await server.addStation("CS-TLS-SP3", securityProfile: 3)
            let rogue = try pki.clientCertificate(for: "CS-TLS-SP3", rogue: true)
            let station = server.tlsSimulator("CS-TLS-SP3", password: nil, tls: try pki.stationTLS(client: rogue))
            #expect(await tlsFailure(of: station, reason: "TLSV1_ALERT_UNKNOWN_CA"))
            #expect(try await server.api.get("/api/v1/stations/CS-TLS-SP3").body["connected"] == .bool(false))
            try await expectStillServing(server, bystander)
        }
    }

    @Test("A00 profile 3 — a station without a client certificate is refused with 401, even with the right password")
    func profile3WithoutCertificateIsRefused() async throws {
        try await withTLSServer { server, pki in
            let password = try await server.addStation("CS-TLS-SP3", securityProfile: 3)
            let station = server.tlsSimulator("CS-TLS-SP3", password: password, tls: try pki.stationTLS())
            #expect(await upgradeStatus(of: station) == 401)
        }
    }

    @Test("A00 — a profile 1 station may use the TLS listener too (TLS only adds protection)")
    func profile1StationMayUseTLS() async throws {
        try await withTLSServer { server, pki in
            let password = try await server.addStation("CS-TLS-SP1", securityProfile: 1)
            let station = server.tlsSimulator("CS-TLS-SP1", password: password, tls: try pki.stationTLS())
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            await station.disconnect()
        }
    }

    // MARK: Part 2 A00.FR.3xx / C-41 — TLS 1.2 or higher, AES-GCM suites only

    @Test("A00 — a client limited to TLS 1.1 is refused: TLS 1.2 is the minimum")
    func tls11ClientIsRefused() async throws {
        try await withTLSServer { server, pki in
            let bystander = try await pki.bootedProfile3Station("CS-TLS-BYSTANDER", on: server)
            let password = try await server.addStation("CS-TLS-OLD", securityProfile: 2)
            var tls = try pki.stationTLS()
            tls.minimumTLSVersion = .tlsv1
            tls.maximumTLSVersion = .tlsv11
            #expect(await tlsFailure(of: server.tlsSimulator("CS-TLS-OLD", password: password, tls: tls), reason: "ALERT_PROTOCOL_VERSION"))
            try await expectStillServing(server, bystander)
        }
    }

    @Test(
        "A00 / C-41 — up to TLS 1.2 only AES-GCM suites are negotiable",
        arguments: [
            (NIOTLSCipher.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true),
            (NIOTLSCipher.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true),
            (NIOTLSCipher.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, false),
            (NIOTLSCipher.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, false),
            (NIOTLSCipher.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false),
        ])
    func onlyGCMSuitesUpToTLS12(suite: NIOTLSCipher, accepted: Bool) async throws {
        try await withTLSServer { server, pki in
            let password = try await server.addStation("CS-TLS-SUITE", securityProfile: 2)
            var tls = try pki.stationTLS()
            tls.maximumTLSVersion = .tlsv12
            tls.cipherSuiteValues = [suite]
            let station = server.tlsSimulator("CS-TLS-SUITE", password: password, tls: tls)
            if accepted {
                try await station.connect()
                #expect(try await station.boot().status == .accepted)
                await station.disconnect()
            } else {
                #expect(
                    await tlsFailure(of: station, reason: "ALERT_HANDSHAKE_FAILURE"),
                    "suite 0x\(String(suite.rawValue, radix: 16)) must not be negotiable")
            }
        }
    }

    @Test("A00 — a TLS 1.3 client connects (the 1.3 suites are all AEAD)")
    func tls13ClientConnects() async throws {
        try await withTLSServer { server, pki in
            let password = try await server.addStation("CS-TLS-13", securityProfile: 2)
            var tls = try pki.stationTLS()
            tls.minimumTLSVersion = .tlsv13
            let station = server.tlsSimulator("CS-TLS-13", password: password, tls: tls)
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            await station.disconnect()
        }
    }
}

// MARK: helpers

/// Starts a server with a `wss://` listener whose certificates come from a fresh `TestPKI`.
private func withTLSServer(_ body: (RunningServer, TestPKI) async throws -> Void) async throws {
    let pki = try TestPKI(directory: try makeTemporaryDirectory())
    try await withRunningServer(configure: {
        $0.tls = TLSSettings(
            certificateChainPath: pki.server.certificatePath, privateKeyPath: pki.server.keyPath,
            clientCertificateRootPath: pki.root.certificatePath)
    }) { server in
        try await body(server, pki)
    }
}

/// True when connecting failed in the TLS handshake with `reason` in BoringSSL's report (and not,
/// say, at the HTTP upgrade). `ALERT_…` reasons are alerts the server sent: the server refused.
private func tlsFailure(of station: ChargingStationSimulator, reason: String) async -> Bool {
    do {
        try await station.connect()
        await station.disconnect()
        Issue.record("expected a TLS handshake failure (\(reason)), but \(station.stationId) connected")
        return false
    } catch {
        if case .tlsFailure(_, let detail) = error, detail.contains(reason) { return true }
        Issue.record("expected a TLS handshake failure (\(reason)), got: \(error)")
        return false
    }
}

extension RunningServer {
    /// A station for the `wss://` listener, addressed as `localhost`: WSClient sends the host as
    /// SNI, and an IP address is not a valid SNI name, so `wss://127.0.0.1` cannot connect.
    func tlsSimulator(_ stationId: String, password: String?, tls: TLSConfiguration) -> ChargingStationSimulator {
        ChargingStationSimulator(
            configuration: SimulatorConfiguration(
                serverURL: "wss://localhost:\(ocppsPort ?? 0)/ocpp", stationId: stationId, password: password, tls: tls,
                responseTimeout: .seconds(10)))
    }
}

extension TestPKI {
    /// Station TLS trusting the CSMS root, with a client certificate for profile 3.
    func stationTLS(client: Identity? = nil) throws -> TLSConfiguration {
        try StationTLS.configuration(
            trustedRootPEMFile: root.certificatePath, clientCertificatePEMFile: client?.certificatePath,
            clientPrivateKeyPEMFile: client?.keyPath)
    }

    /// A profile-3 station connected with its own certificate and booted.
    func bootedProfile3Station(_ stationId: String, on server: RunningServer) async throws -> ChargingStationSimulator {
        try await server.addStation(stationId, securityProfile: 3)
        let station = server.tlsSimulator(stationId, password: nil, tls: try stationTLS(client: try clientCertificate(for: stationId)))
        try await station.connect()
        _ = try await station.boot()
        return station
    }
}
