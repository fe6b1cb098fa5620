import Foundation
import Hummingbird

extension Parameters {
    /// A path parameter with its percent-escapes decoded: the router matches the raw path, so an
    /// idToken holding a space, '/' or a non-ASCII letter arrives escaped and would name no record.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(.badRequest, code: "bad_request", "path segment '\(raw)' has an invalid percent-escape", field: name)
        }
        return decoded
    }
}
