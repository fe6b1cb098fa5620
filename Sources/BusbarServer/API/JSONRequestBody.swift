import Foundation
import Hummingbird
import OCPP

/// A request's JSON object body with typed field access; every failure names the field.
struct JSONRequestBody {
    /// Largest body accepted; OCPP requests such as SendLocalList fit comfortably in 1 MiB.
    static let maxSize = 1 << 20

    let fields: [String: JSONValue]

    static func read(_ request: Request, context: some RequestContext) async throws -> JSONRequestBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxSize)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", "request body exceeds \(maxSize) bytes")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: buffer.readableBytesView)
        } catch {
            throw APIError.badRequest("body is not valid JSON: \(error)")
        }
        guard case .object(let fields) = value else {
            throw APIError.badRequest("body must be a JSON object, got \(value.typeName)")
        }
        return JSONRequestBody(fields: fields)
    }

    /// Refuses members the endpoint does not know, so typos do not pass silently.
    func allowOnly(_ names: Set<String>) throws {
        if let unknown = fields.keys.sorted().first(where: { !names.contains($0) }) {
            throw APIError.invalid("unknown field; allowed: \(names.sorted().joined(separator: ", "))", field: unknown)
        }
    }

    func string(_ name: String, required: Bool = false) throws -> String? {
        switch fields[name] {
        case nil, .null?:
            if required { throw APIError.invalid("is required", field: name) }
            return nil
        case .string(let value)?:
            return value
        case let other?:
            throw APIError.invalid("must be a string, got \(other.typeName)", field: name)
        }
    }

    func int(_ name: String) throws -> Int? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .number(let value)? where value.rounded() == value && abs(value) < 1e15:
            return Int(value)
        case let other?:
            throw APIError.invalid("must be an integer, got \(other.typeName == "number" ? "a fraction" : other.typeName)", field: name)
        }
    }

    func date(_ name: String) throws -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = OCPPDateTime.parse(text) else {
            throw APIError.invalid("must be an RFC 3339 date-time such as 2027-01-31T23:59:59Z", field: name)
        }
        return date
    }
}

extension JSONRequestBody {
    /// A finite number ≥ 0 (limits, energies), or nil when absent.
    func nonNegativeNumber(_ name: String) throws -> Double? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .number(let value)? where value.isFinite && value >= 0:
            return value
        case .number?:
            throw APIError.invalid("must be a finite number ≥ 0", field: name)
        case let other?:
            throw APIError.invalid("must be a number, got \(other.typeName)", field: name)
        }
    }

    /// Exactly `count` finite numbers ≥ 0 (one per phase), or nil when absent.
    func nonNegativeNumbers(_ name: String, count: Int) throws -> [Double]? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .array(let items)?:
            guard items.count == count else { throw APIError.invalid("must hold \(count) numbers, got \(items.count)", field: name) }
            return try items.map { item in
                guard case .number(let value) = item, value.isFinite, value >= 0 else {
                    throw APIError.invalid("must hold finite numbers ≥ 0 only", field: name)
                }
                return value
            }
        case let other?:
            throw APIError.invalid("must be an array of \(count) numbers, got \(other.typeName)", field: name)
        }
    }
}
