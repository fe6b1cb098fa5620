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
        guard let record else {
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
}
