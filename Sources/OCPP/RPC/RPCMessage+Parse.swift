extension RPCMessage {
    /// The MessageId used when the incoming id cannot be read (Part 4 §4.2.3).
    public static let unreadableMessageId = "-1"

    /// Parses one WebSocket text message; throws the CALLERROR to answer with (and whether to answer at all).
    ///
    /// Error codes per case (Part 4 §4.1–4.4, Table 8):
    /// - not JSON, not an array, empty array → `RpcFrameworkError`, MessageId "-1".
    /// - MessageId missing, not a string or empty → `RpcFrameworkError`, MessageId "-1" ("MessageId could not be read").
    /// - MessageId longer than 36 characters → `RpcFrameworkError`, MessageId "-1": a truncated echo could collide with
    ///   another pending call's id, so the first 36 characters go into the description instead.
    /// - MessageTypeId not an integer (`"2"`, `2.5`, `null`) → `RpcFrameworkError`, echoing the MessageId.
    /// - MessageTypeId an integer other than 2, 3, 4 → `MessageTypeNotSupported`, echoing the MessageId (§4.4).
    /// - known type with the wrong element count, or Action / errorCode / errorDescription not a string, or an empty
    ///   Action → `ProtocolError` ("not conform the PDU structure": the frame, our PDU, has the wrong shape).
    /// - payload (or errorDetails) present but not a JSON object → `FormatViolation` ("payload is syntactically incorrect").
    /// - a CALLERROR with an errorCode outside Table 8 is accepted as `GenericError` so the pending call still resolves.
    /// Any failure on a frame whose MessageTypeId is 4 has `shouldReply == false`.
    /// Unknown actions are *not* rejected here: dispatch answers them with `NotImplemented` (see `RPCCall.knownAction`).
    public static func parse(_ text: String) throws(RPCMessageParseError) -> RPCMessage {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw failure(unreadableMessageId, .rpcFrameworkError, "Frame is not valid JSON: \(error)", reply: true)
        }
        return try parse(json: json)
    }

    /// Parses UTF-8 bytes of one WebSocket message; same rules as `parse(_:)`.
    public static func parse(bytes: some Collection<UInt8>) throws(RPCMessageParseError) -> RPCMessage {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw failure(unreadableMessageId, .rpcFrameworkError, "Frame is not valid JSON: \(error)", reply: true)
        }
        return try parse(json: json)
    }

    /// Parses an already-decoded frame; same rules as `parse(_:)`.
    public static func parse(json: JSONValue) throws(RPCMessageParseError) -> RPCMessage {
        guard case .array(let elements) = json else {
            throw failure(
                unreadableMessageId, .rpcFrameworkError,
                "Frame is a JSON \(json.typeName), expected an array [MessageTypeId, MessageId, ...]", reply: true)
        }
        guard !elements.isEmpty else {
            throw failure(unreadableMessageId, .rpcFrameworkError, "Frame is an empty array", reply: true)
        }
        let typeIdValue = elements[0]
        let typeId = typeIdValue.intValue
        let isCallError = typeId == callErrorTypeId
        let reply = !isCallError

        guard elements.count > 1, case .string(let messageId) = elements[1], !messageId.isEmpty else {
            throw failure(
                unreadableMessageId, .rpcFrameworkError,
                "MessageId (element 2) is missing, empty or not a string", reply: reply)
        }
        if messageId.utf8.count > maximumMessageIdLength, messageId.count > maximumMessageIdLength {
            throw failure(
                unreadableMessageId, .rpcFrameworkError,
                "MessageId is \(messageId.count) characters, the limit is \(maximumMessageIdLength): \"\(messageId.prefix(maximumMessageIdLength))…\"",
                reply: reply)
        }
        guard let typeId else {
            throw failure(
                messageId, .rpcFrameworkError,
                "MessageTypeId (element 1) must be an integer, found \(typeIdValue.serialized().prefix(40))", reply: true)
        }

        switch typeId {
        case callTypeId:
            guard elements.count == 4 else {
                throw failure(
                    messageId, .protocolError,
                    "CALL must have 4 elements [2, MessageId, Action, Payload], found \(elements.count)", reply: true)
            }
            guard case .string(let action) = elements[2], !action.isEmpty else {
                throw failure(messageId, .protocolError, "CALL Action (element 3) must be a non-empty string", reply: true)
            }
            guard case .object = elements[3] else {
                throw failure(
                    messageId, .formatViolation,
                    "CALL payload for \(action) must be a JSON object, found \(elements[3].typeName)", reply: true)
            }
            return .call(RPCCall(messageId: messageId, action: action, payload: elements[3]))

        case callResultTypeId:
            guard elements.count == 3 else {
                throw failure(
                    messageId, .protocolError,
                    "CALLRESULT must have 3 elements [3, MessageId, Payload], found \(elements.count)", reply: true)
            }
            guard case .object = elements[2] else {
                throw failure(
                    messageId, .formatViolation,
                    "CALLRESULT payload must be a JSON object, found \(elements[2].typeName)", reply: true)
            }
            return .callResult(RPCCallResult(messageId: messageId, payload: elements[2]))

        case callErrorTypeId:
            guard elements.count == 5 else {
                throw failure(
                    messageId, .protocolError,
                    "CALLERROR must have 5 elements [4, MessageId, errorCode, errorDescription, errorDetails], found \(elements.count)",
                    reply: false)
            }
            guard case .string(let code) = elements[2], case .string(let description) = elements[3] else {
                throw failure(
                    messageId, .protocolError, "CALLERROR errorCode and errorDescription must be strings", reply: false)
            }
            guard case .object = elements[4] else {
                throw failure(
                    messageId, .formatViolation,
                    "CALLERROR errorDetails must be a JSON object, found \(elements[4].typeName)", reply: false)
            }
            let errorCode = RPCErrorCode(rawValue: code) ?? .genericError
            return .callError(
                RPCCallError(messageId: messageId, errorCode: errorCode, errorDescription: description, errorDetails: elements[4]))

        default:
            throw failure(
                messageId, .messageTypeNotSupported,
                "MessageTypeId \(typeId) is not supported; use 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)", reply: true)
        }
    }

    private static func failure(
        _ messageId: String, _ code: RPCErrorCode, _ description: String, reply: Bool
    ) -> RPCMessageParseError {
        RPCMessageParseError(
            callError: RPCCallError(messageId: messageId, errorCode: code, errorDescription: description),
            shouldReply: reply)
    }
}
