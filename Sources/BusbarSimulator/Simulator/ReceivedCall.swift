import Foundation
import OCPP

/// A CALL the CSMS sent to the simulated station, as recorded for tests.
public struct ReceivedCall: Sendable, Hashable {
    /// The CSMS's message id.
    public var messageId: String
    /// The action name, e.g. "GetVariables".
    public var action: String
    /// The request payload.
    public var payload: JSONValue
    /// When the frame arrived.
    public var receivedAt: Date

    /// Creates a record.
    public init(messageId: String, action: String, payload: JSONValue, receivedAt: Date = Date()) {
        self.messageId = messageId
        self.action = action
        self.payload = payload
        self.receivedAt = receivedAt
    }

    /// The payload decoded as a typed request, e.g. `call.decode(ResetRequest.self)`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try OCPPCoding.decode(type, from: payload)
    }
}
