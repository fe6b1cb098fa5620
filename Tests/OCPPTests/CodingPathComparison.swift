import Foundation
import OCPP

/// Forces the Codable path: `OCPPCoding` only takes the fast path for `JSONValueCodable` types, and this wrapper
/// is not one, while it adds nothing to the coding path. The reference the fast path is compared against.
struct ViaCodable<Wrapped: Codable>: Codable {
    var value: Wrapped

    init(_ value: Wrapped) { self.value = value }

    init(from decoder: any Decoder) throws { value = try Wrapped(from: decoder) }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// A `DecodingError` as one comparable line: kind, offending key or type, path and message.
enum DecodingErrorSummary {
    /// Runs `body`; nil when it does not throw.
    static func of(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as DecodingError {
            return summary(error)
        } catch {
            return "not a DecodingError: \(error)"
        }
    }

    static func summary(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            "keyNotFound \(key.stringValue) at \(path(context.codingPath)): \(context.debugDescription)"
        case .typeMismatch(let type, let context):
            "typeMismatch \(type) at \(path(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            "valueNotFound \(type) at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            "dataCorrupted at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            "unknown \(error)"
        }
    }

    /// `meterValue[0].sampledValue[2]`; `$` for the root.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text.isEmpty ? "$" : text
    }
}
