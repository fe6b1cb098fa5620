import Logging
import OCPP

/// Turns one station CALL into its answer: action lookup, schema validation, values no CSMS can
/// keep exactly (`ExactnessCheck`), the registration rules of B02/B03, the use-case handler and
/// the response encoding. The single place where a station CALL becomes a CALLERROR, so the
/// error policy is the same for every action.
public struct CallDispatcher: Sendable {
    typealias ErasedHandler = @Sendable (JSONValue, StationContext) async throws -> JSONValue

    private var handlers: [OCPPAction: ErasedHandler] = [:]
    private let validator: OCPPValidator

    /// Creates a dispatcher with no handlers; actions without a handler answer NotSupported.
    public init(validator: OCPPValidator = .shared) {
        self.validator = validator
    }

    /// Registers the handler for its request's action, replacing any earlier one.
    public mutating func register<Handler: CallHandler>(_ handler: Handler) {
        handlers[Handler.Request.action] = { payload, context in
            let request: Handler.Request
            do {
                request = try OCPPCoding.decode(Handler.Request.self, from: payload)
            } catch {
                throw CSMSError(
                    code: .formatViolation, reason: "payload does not decode as \(Handler.Request.action.rawValue)Request: \(error)")
            }
            let response = try await handler.handle(request, payload: payload, context: context)
            return try OCPPCoding.encode(response)
        }
    }

    /// The actions this dispatcher answers.
    public var supportedActions: Set<OCPPAction> { Set(handlers.keys) }

    /// Answers a CALL: the response payload, or the CALLERROR to send instead.
    public func dispatch(_ call: RPCCall, context: StationContext, logger: Logger) async -> Result<JSONValue, RPCCallError> {
        guard let action = OCPPAction(rawValue: call.action) else {
            return .failure(
                RPCCallError(
                    messageId: call.messageId, errorCode: .notImplemented,
                    errorDescription: "unknown action '\(call.action.prefix(64))'"))
        }
        guard action.sender != .csms else {
            return .failure(
                RPCCallError(
                    messageId: call.messageId, errorCode: .notSupported,
                    errorDescription: "\(action.rawValue) is sent by the CSMS, not by a charging station"))
        }
        if let failure = validator.validate(call.payload, action: action, direction: .request).first {
            return .failure(failure.callError(messageId: call.messageId))
        }
        // Text the store would cut at U+0000, identifiers with control characters, numbers a
        // double cannot hold: refused here, naming the field, so no handler stores them altered.
        if let failure = ExactnessCheck.firstViolation(in: call.payload) {
            return .failure(failure.callError(messageId: call.messageId))
        }
        guard context.mayReceive(action) else {
            let state = context.registration
            return .failure(
                CSMSError.securityError(
                    "\(action.rawValue) not allowed: station is \(state) — send BootNotification and wait for Accepted (B02.FR.09, B03.FR.07)"
                ).callError(messageId: call.messageId))
        }
        guard let handler = handlers[action] else {
            return .failure(
                RPCCallError(
                    messageId: call.messageId, errorCode: .notSupported,
                    errorDescription: "\(action.rawValue) is not supported by this CSMS yet"))
        }
        do {
            return .success(try await handler(call.payload, context))
        } catch let error as CSMSError {
            logger.notice(
                "CALL refused", metadata: ["action": "\(action.rawValue)", "code": "\(error.code.rawValue)", "reason": "\(error.reason)"])
            return .failure(error.callError(messageId: call.messageId))
        } catch {
            logger.error("CALL failed", metadata: ["action": "\(action.rawValue)", "error": "\(error)"])
            return .failure(
                CSMSError.internalError("\(action.rawValue) could not be processed; retry later").callError(messageId: call.messageId))
        }
    }
}
