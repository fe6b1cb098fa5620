import Foundation
import OCPP

/// `busbar-codec-bench [sampled-values] [iterations]`: µs per `OCPPCoding` decode and encode of one
/// TransactionEventRequest, on the generated `JSONValueCodable` fast path and on the Codable path it replaced —
/// the server's per-message payload cost without sockets. Not a test; run it from a release build.
@main
enum CodecBench {
    /// Best-of-rounds timing: the least disturbed round is the closest to the code's own cost.
    static let rounds = 5

    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let sampledValues = arguments.first ?? 12
        let iterations = arguments.dropFirst().first ?? 20_000
        guard (1...1_000).contains(sampledValues), iterations > 0 else {
            print("usage: busbar-codec-bench [sampled-values 1…1000] [iterations]")
            exit(2)
        }
        let payload = try JSONValue(parsing: CodecPayload.transactionEvent(sampledValues: sampledValues))
        let typed = try OCPPCoding.decode(TransactionEventRequest.self, from: payload)
        guard try OCPPCoding.decode(CodableOnly<TransactionEventRequest>.self, from: payload).value == typed,
            try OCPPCoding.encode(typed) == OCPPCoding.encode(CodableOnly(typed))
        else {
            print("the fast path and the Codable path disagree on this payload")
            exit(1)
        }

        print("TransactionEventRequest, \(sampledValues) sampled values, \(payload.serialized().utf8.count) bytes of JSON")
        let rows: [(String, () throws -> Void)] = [
            ("decode, fast path", { _ = try OCPPCoding.decode(TransactionEventRequest.self, from: payload) }),
            ("decode, Codable  ", { _ = try OCPPCoding.decode(CodableOnly<TransactionEventRequest>.self, from: payload) }),
            ("encode, fast path", { _ = try OCPPCoding.encode(typed) }),
            ("encode, Codable  ", { _ = try OCPPCoding.encode(CodableOnly(typed)) }),
        ]
        for (label, body) in rows {
            let microseconds = try bestMicroseconds(iterations: iterations, body)
            print("\(label)  \(String(format: "%8.2f", microseconds)) µs per message")
        }
    }

    private static func bestMicroseconds(iterations: Int, _ body: () throws -> Void) throws -> Double {
        for _ in 0..<iterations { try body() }
        var best = Double.infinity
        for _ in 0..<rounds {
            let started = ContinuousClock.now
            for _ in 0..<iterations { try body() }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds * 1e6 / Double(iterations))
        }
        return best
    }
}

/// Hides a type's `JSONValueCodable` conformance from `OCPPCoding`, so it takes the Codable path.
struct CodableOnly<Wrapped: Codable>: Codable {
    var value: Wrapped
    init(_ value: Wrapped) { self.value = value }
    init(from decoder: any Decoder) throws { value = try Wrapped(from: decoder) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
