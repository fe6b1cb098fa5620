/// Reads the head of an OCPP-J frame — message type, message id and, for a CALLERROR, its code —
/// without parsing the payload. The bench only needs these to match an answer to its call, and
/// a full parse of every answer was a visible share of the generator's CPU.
struct BenchFrame: Equatable {
    /// 2 CALL, 3 CALLRESULT, 4 CALLERROR.
    let messageType: Int
    let messageId: String
    /// The CALLERROR's error code; nil for other frames.
    let errorCode: String?

    /// The head of `text`, or nil when it does not start like an OCPP-J frame.
    static func peek(_ text: String) -> BenchFrame? {
        var bytes = Substring(text).utf8[...]
        func skipSpace() {
            while let byte = bytes.first,
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
                    || byte == UInt8(ascii: "\r")
            {
                bytes = bytes.dropFirst()
            }
        }
        func expect(_ ascii: Unicode.Scalar) -> Bool {
            skipSpace()
            guard bytes.first == UInt8(ascii: ascii) else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        /// A string without escapes (message ids and error codes never need them).
        func string() -> String? {
            guard expect("\"") else { return nil }
            guard let end = bytes.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let value = bytes[..<end]
            guard !value.contains(UInt8(ascii: "\\")) else { return nil }
            bytes = bytes[bytes.index(after: end)...]
            return String(Substring(value))
        }
        guard expect("[") else { return nil }
        skipSpace()
        guard let digit = bytes.first, digit >= UInt8(ascii: "2"), digit <= UInt8(ascii: "4") else { return nil }
        bytes = bytes.dropFirst()
        guard expect(","), let messageId = string() else { return nil }
        let messageType = Int(digit - UInt8(ascii: "0"))
        guard messageType == 4 else { return BenchFrame(messageType: messageType, messageId: messageId, errorCode: nil) }
        guard expect(","), let code = string() else { return nil }
        return BenchFrame(messageType: messageType, messageId: messageId, errorCode: code)
    }
}
