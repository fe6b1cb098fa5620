import Foundation

/// An external limit on a node for a time window (a utility signal, an operator's cap): the
/// effective limit at any moment is the strictest of the site file, its schedules and these.
public struct LimitEnvelope: Sendable, Hashable, Codable {
    /// Identity of the signal.
    public var id: String
    /// The node it limits (usually the grid connection).
    public var node: String
    /// Start of the window.
    public var start: Date
    /// End of the window (exclusive).
    public var end: Date
    /// Import limit in kW.
    public var importKW: Double?
    /// Import limit per phase in A.
    public var importA: [Double]?
    /// Who sent it ("utility:…", "operator").
    public var source: String

    /// Creates an envelope.
    public init(id: String, node: String, start: Date, end: Date, importKW: Double? = nil, importA: [Double]? = nil, source: String) {
        self.id = id
        self.node = node
        self.start = start
        self.end = end
        self.importKW = importKW
        self.importA = importA
        self.source = source
    }
}
