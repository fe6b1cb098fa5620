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
/// certificate chaining to our root whose CN is the identity for profile 3 (401). Then it
/// negotiates the `ocpp2.0.1` subprotocol and permessage-deflate.
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

    init(
        store: any CSMSStore, hasher: PasswordHasher, pathPrefix: String, extensionBuilders: [any WebSocketExtensionBuilder], logger: Logger
    ) {
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
        if listener == .plain, station.securityProfile > 1 {
            return .reject(
                .forbidden, reason: "station '\(stationId)' uses security profile \(station.securityProfile): connect over TLS (wss://)")
        }
        if let failure = await authenticate(station, head: head, channel: channel) {
            logger.notice("station authentication failed", metadata: ["station": "\(stationId)", "reason": "\(failure)"])
            return .reject(.unauthorized, reason: failure)
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

    /// Nil when the station proved its identity, else why not (never includes the password).
    private func authenticate(_ station: StationRecord, head: HTTPRequestHead, channel: any Channel) async -> String? {
        switch station.securityProfile {
        case 3:
            guard let peer = try? await channel.nioSSL_peerCertificate().get() else {
                return "security profile 3 requires a client certificate issued by the CSMS root"
            }
            do {
                let certificate = try Certificate(derEncoded: try peer.toDERBytes())
                let commonNames = certificate.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
                    .map { String(describing: $0.value) }
                guard commonNames.contains(station.id) else {
                    return
                        "client certificate subject CN \(commonNames) does not match station identity '\(station.id)' (A00.FR.405–410, TC_A_08_CSMS: the CN must name the station)"
                }
                return nil
            } catch {
                return "client certificate cannot be parsed: \(error)"
            }
        default:
            return verifyBasicAuth(station, head: head)
        }
    }

    private func verifyBasicAuth(_ station: StationRecord, head: HTTPRequestHead) -> String? {
        guard let header = head.headers.first(name: "Authorization") else {
            return "missing HTTP Basic credentials (Authorization header)"
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else {
            return "malformed HTTP Basic credentials"
        }
        let username = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        guard username == station.id else {
            return "Basic auth username '\(username.prefix(48))' is not the station identity"
        }
        guard let storedHash = station.passwordHash else {
            return "no password is set for this station; set one through the API"
        }
        let digest = SHA256.hash(data: Data((station.id + "\u{0}" + password).utf8))
        if let cached = verified.withLock({ $0[station.id] }), cached.storedHash == storedHash, cached.digest == digest {
            return nil
        }
        guard hasher.verify(password, against: storedHash) else {
            return "wrong password"
        }
        verified.withLock { $0[station.id] = (storedHash, digest) }
        return nil
    }
}
