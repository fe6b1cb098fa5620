import BusbarStorage
import Foundation
import OCPP

/// C01/C03/C05 … — decides the IdTokenInfo for any idToken type from the operator's token list;
/// shared by Authorize and by TransactionEvent (an idToken inside a transaction event, E01/E03).
struct TokenAuthorizer: Sendable {
    let services: CSMSServices

    func authorize(_ token: IdTokenType) async throws(CSMSError) -> IdTokenInfoType {
        // C-35: NoAuthorization carries no identity; there is nothing to look up.
        if token.type == .noAuthorization {
            return IdTokenInfoType(status: .accepted)
        }
        let store = services.store
        let record = try await services.durable("token lookup") {
            try await store.idToken(token.idToken, type: token.type.rawValue)
        }
        // The whole value must match, not a prefix a lower layer might have compared (issue #10:
        // "TAG1\u0000junk" was Accepted as TAG1). The store's NOCASE key folds ASCII letters only.
        guard let record, Self.sameIdentifier(record.idToken, token.idToken) else {
            return IdTokenInfoType(status: .unknown)
        }
        var status = AuthorizationStatusEnumType(rawValue: record.status) ?? .invalid
        if status == .accepted, let expiry = record.expiresAt, expiry <= Date() {
            status = .expired
        }
        return IdTokenInfoType(
            status: status,
            cacheExpiryDateTime: record.expiresAt,
            groupIdToken: record.groupId.map { IdTokenType(idToken: $0, type: .central) })
    }

    /// Equal byte for byte, except that ASCII letters compare without case (OCPP: "IdToken is case insensitive").
    static func sameIdentifier(_ stored: String, _ presented: String) -> Bool {
        stored.utf8.count == presented.utf8.count
            && zip(stored.utf8, presented.utf8).allSatisfy { Self.asciiLowercased($0) == Self.asciiLowercased($1) }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
