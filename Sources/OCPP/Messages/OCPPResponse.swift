/// A typed OCPP 2.0.1 response message (the payload of a CALLRESULT).
public protocol OCPPResponse: Codable, Sendable, Hashable {}
