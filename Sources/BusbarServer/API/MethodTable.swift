import Hummingbird

/// Which methods each route path serves, so a known path asked with another method answers 405
/// with an `Allow` header (RFC 9110 §15.5.6) instead of the router's 404.
struct MethodTable: Sendable {
    private let routes: [(segments: [Substring], method: String)]

    /// Builds the table from the routes of a built router (`{id}` and `:id` are placeholders).
    init(routes: [(method: String, path: String)]) {
        self.routes = routes.map { route in
            (route.path.split(separator: "/", omittingEmptySubsequences: true), route.method)
        }
    }

    /// The methods served at `path`, sorted; empty when no route has this shape.
    func methods(for path: String) -> [String] {
        let requested = path.split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.filter { route in
            route.segments.count == requested.count
                && zip(route.segments, requested).allSatisfy { pattern, segment in
                    pattern.hasPrefix("{") || pattern.hasPrefix(":") || pattern == segment
                }
        }.map(\.method)
        return Set(methods).sorted()
    }
}
