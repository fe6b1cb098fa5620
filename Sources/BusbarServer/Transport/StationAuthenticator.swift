import BusbarCSMS
import BusbarStorage
import Crypto
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SwiftASN1
import Synchronization
import WSCore
import X509

/// Decides every station upgrade request (Part 4 §3.1, A00 security profiles): the identity from
/// the path must be registered (404), the station must use a listener its security profile allows
/// (403), and it must prove who it is — HTTP Basic for profiles 1 and 2 (401), a client
/// certificate chaining to our root whose only CN is the identity for profile 3 (401). Repeated
/// wrong passwords hold off the station id and the source address (429, `AuthenticationBackoff`).
/// Then it negotiates the `ocpp2.0.1` subprotocol and permessage-deflate.
final class StationAuthenticator: Sendable {
    /// The subprotocol Busbar speaks.
    static let subprotocol = "ocpp2.0.1"

    private let store: any CSMSStore
    private let hasher: PasswordHasher
    private let pathPrefix: String
    private let extensionBuilders: [any WebSocketExtensionBuilder]
    private let logger: Logger
    /// Passwords already verified against a stored hash, keyed by station: a reconnect costs a
    /// SHA-256 instead of a PBKDF2 run, which keeps a reconnect storm after a restart cheap.
    private let verified = Mutex<[String: (storedHash: String, digest: SHA256.Digest)]>([:])
    private let backoff = Mutex(AuthenticationBackoff())
    private let metrics: OCPPMetrics

    init(
        store: any CSMSStore, hasher: PasswordHasher, pathPrefix: String, extensionBuilders: [any WebSocketExtensionBuilder],
        metrics: OCPPMetrics, logger: Logger
    ) {
        self.metrics = metrics
        self.store = store
        self.hasher = hasher
        self.pathPrefix = pathPrefix.hasSuffix("/") ? String(pathPrefix.dropLast()) : pathPrefix
        self.extensionBuilders = extensionBuilders
        self.logger = logger
    }

    func decide(_ head: HTTPRequestHead, channel: any Channel, listener: ListenerSecurity) async -> UpgradeDecision {
        guard let stationId = stationId(fromURI: head.uri) else {
            return .reject(.notFound, reason: "no charging station endpoint at this path; connect to \(pathPrefix)/<stationId>")
        }
        let station: StationRecord?
        do {
            station = try await store.station(id: stationId)
        } catch {
            logger.error("station lookup failed during upgrade", metadata: ["station": "\(stationId)", "error": "\(error)"])
            return .reject(.serviceUnavailable, reason: "the CSMS cannot read its station registry right now; retry later")
        }
        guard let station else {
            return .reject(.notFound, reason: "charging station '\(stationId)' is not registered")
        }
        // Part 4 §3.1: the CSMS does not know a decommissioned station as an endpoint any more.
        if station.isDecommissioned {
            return .reject(.notFound, reason: "charging station '\(stationId)' is decommissioned; the operator can re-add it")
        }
        if listener == .plain, station.securityProfile > 1 {
            return .reject(
                .forbidden, reason: "station '\(stationId)' uses security profile \(station.securityProfile): connect over TLS (wss://)")
        }
        switch await authenticate(station, head: head, channel: channel) {
        case .proven:
            break
        case .refused(let failure):
            logger.notice("station authentication failed", metadata: ["station": "\(stationId)", "reason": "\(failure)"])
            return .reject(.unauthorized, reason: failure)
        case .heldOff(let reason):
            return .reject(.tooManyRequests, reason: reason)
        }
        var headers = HTTPHeaders()
        let offered = head.headers[canonicalForm: "Sec-WebSocket-Protocol"].map { $0.trimmingCharacters(in: .whitespaces) }
        let agreed = offered.contains(Self.subprotocol)
        if agreed { headers.add(name: "Sec-WebSocket-Protocol", value: Self.subprotocol) }
        var extensions: [any WebSocketExtension] = []
        do {
            var fields = HTTPFields()
            for header in head.headers where header.name.lowercased() == "sec-websocket-extensions" {
                fields.append(HTTPField(name: .secWebSocketExtensions, value: header.value))
            }
            let (responseFields, negotiated) = try extensionBuilders.serverExtensionNegotiation(requestHeaders: fields)
            for field in responseFields { headers.add(name: field.name.rawName, value: field.value) }
            extensions = negotiated
        } catch {
            return .reject(.badRequest, reason: "cannot negotiate WebSocket extensions: \(error)")
        }
        let accepted = AcceptedStation(stationId: stationId, securityProfile: station.securityProfile, subprotocolAgreed: agreed)
        return .accept(accepted, headers: headers, extensions: extensions)
    }

    /// The percent-decoded identity after the configured prefix, or nil when the path is not a
    /// station endpoint.
    func stationId(fromURI uri: String) -> String? {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard path.hasPrefix(pathPrefix + "/") else { return nil }
        let encoded = path.dropFirst(pathPrefix.count + 1)
        guard !encoded.isEmpty, !encoded.contains("/"), let decoded = String(encoded).removingPercentEncoding else { return nil }
        return StationIdentity.problem(with: decoded) == nil ? decoded : nil
    }

    /// How an upgrade's proof of identity ended; reasons never include the password.
    private enum Proof {
        case proven
        case refused(String)
        case heldOff(String)
    }

    private func authenticate(_ station: StationRecord, head: HTTPRequestHead, channel: any Channel) async -> Proof {
        switch station.securityProfile {
        case 3:
            guard let peer = try? await channel.nioSSL_peerCertificate().get() else {
                return .refused("security profile 3 requires a client certificate issued by the CSMS root")
            }
            do {
                let certificate = try Certificate(derEncoded: try peer.toDERBytes())
                return ClientCertificateIdentity.problem(subject: certificate.subject, stationId: station.id).map(Proof.refused) ?? .proven
            } catch {
                return .refused("client certificate cannot be parsed: \(error)")
            }
        default:
            return await verifyBasicAuth(station, head: head, address: channel.remoteAddress?.ipAddress ?? "unknown")
        }
    }

    private func verifyBasicAuth(_ station: StationRecord, head: HTTPRequestHead, address: String) async -> Proof {
        switch checkBasicAuth(station, head: head, address: address) {
        case .proven:
            return .proven
        case .heldOff(let reason):
            return .heldOff(reason)
        case .refused(let reason):
            return .refused(reason)
        case .wrongPassword(let escalations):
            for escalation in escalations { await report(escalation, station: station.id) }
            return .refused("wrong password")
        }
    }

    private enum BasicAuthOutcome {
        case proven
        case refused(String)
        case heldOff(String)
        case wrongPassword([AuthenticationBackoff.Escalation])
    }

    private func checkBasicAuth(_ station: StationRecord, head: HTTPRequestHead, address: String) -> BasicAuthOutcome {
        guard let header = head.headers.first(name: "Authorization") else {
            return .refused("missing HTTP Basic credentials (Authorization header)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else {
            return .refused("malformed HTTP Basic credentials")
        }
        let username = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        guard username == station.id else {
            return .refused("Basic auth username '\(username.prefix(48))' is not the station identity")
        }
        guard let storedHash = station.passwordHash else {
            return .refused("no password is set for this station; set one through the API")
        }
        let digest = SHA256.hash(data: Data((station.id + "\u{0}" + password).utf8))
        // A password verified before is known right without PBKDF2, so it gets in even while
        // guessers hold the station id or the address off.
        if let cached = verified.withLock({ $0[station.id] }), cached.storedHash == storedHash, cached.digest == digest {
            return .proven
        }
        let keys: [AuthenticationBackoff.Key] = [.station(station.id), .address(address)]
        let now = ContinuousClock.now
        let held = backoff.withLock { state in keys.compactMap { state.retryAfter($0, now: now) }.max() }
        if let held {
            let seconds = held / .seconds(1)
            return .heldOff(
                "too many wrong passwords for station '\(station.id)' or from \(address); retry in \(String(format: "%.1f", seconds)) s")
        }
        guard hasher.verify(password, against: storedHash) else {
            let later = ContinuousClock.now
            return .wrongPassword(backoff.withLock { state in keys.compactMap { state.recordFailure($0, now: later) } })
        }
        backoff.withLock { $0.recordSuccess(.station(station.id)) }
        verified.withLock { $0[station.id] = (storedHash, digest) }
        return .proven
    }

    /// Logs and counts a new level of back-off and, for a station id, keeps it in the station's
    /// security-event history (A04) as FailedToAuthenticateAtCsms, so the operator sees the
    /// attack where the station's own security events are. An address has no such history:
    /// the log line and `busbar_ocpp_auth_backoffs_total` record it.
    private func report(_ escalation: AuthenticationBackoff.Escalation, station stationId: String) async {
        let delay = "\(Int((escalation.delay / .milliseconds(1)).rounded())) ms"
        switch escalation.key {
        case .station(let id):
            metrics.authenticationBackedOff(scope: "station")
            logger.warning(
                "wrong passwords: station id held off",
                metadata: ["station": "\(id)", "failures": "\(escalation.failures)", "delay": "\(delay)"])
            let techInfo = "Busbar: \(escalation.failures) wrong Basic-auth passwords lately; next attempts held off up to \(delay)"
            do {
                _ = try await store.appendSecurityEvent(
                    stationId: id, type: "FailedToAuthenticateAtCsms", timestamp: Date(), techInfo: techInfo)
            } catch {
                logger.error("could not record a security event", metadata: ["station": "\(id)", "error": "\(error)"])
            }
        case .address(let address):
            metrics.authenticationBackedOff(scope: "address")
            logger.warning(
                "wrong passwords: source address held off",
                metadata: ["address": "\(address)", "station": "\(stationId)", "failures": "\(escalation.failures)", "delay": "\(delay)"])
        }
    }
}
