/// Why a site file was refused: the file, the field's path (`grid.children[0].limitA[1]`) and why.
public struct SiteFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or "request" for a site sent over the API).
    public var file: String
    /// Dotted path of the field at fault; empty for the whole file.
    public var path: String
    /// What is wrong and what to do.
    public var reason: String

    /// Creates an error.
    public init(file: String, path: String, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    /// "FILE: FIELD: REASON".
    public var description: String { path.isEmpty ? "\(file): \(reason)" : "\(file): \(path): \(reason)" }
}
