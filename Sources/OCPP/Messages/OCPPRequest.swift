/// A typed OCPP 2.0.1 request message; ties the message to its CALL action and its response type so
/// senders get the right response type back without a lookup table.
public protocol OCPPRequest: Codable, Sendable, Hashable {
    /// The message that answers this request.
    associatedtype Response: OCPPResponse
    /// The CALL `Action` string for this request.
    static var action: OCPPAction { get }
}
