/// A test's scripted answer to one CSMS action; it may suspend (to delay) or return `.noReply`.
public typealias CSMSRequestHandler = @Sendable (ReceivedCall) async throws -> CSMSCallReply
