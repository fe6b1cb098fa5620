import OCPP

/// What the simulated station answers to one CSMS call; handlers return it to script the station.
public enum CSMSCallReply: Sendable {
    /// A CALLRESULT with this payload.
    case result(JSONValue)
    /// A CALLERROR with this code, description and details.
    case error(RPCErrorCode, description: String, details: JSONValue = .object([:]))
    /// Exactly this text as the reply frame (malformed replies for robustness tests).
    case raw(String)
    /// No answer at all (tests of the CSMS's response timeout).
    case noReply

    /// A CALLRESULT from a typed response struct.
    public static func response<R: Encodable>(_ response: R) throws -> Self {
        .result(try OCPPCoding.encode(response))
    }
}
