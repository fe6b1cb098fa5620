import Foundation

/// What an outside party says about a node for a time window: a limit (a utility signal, an
/// operator's cap; the effective limit at any moment is the strictest of the site file, its
/// schedules and these), or a reading of its non-EV base load, which replaces the site file's
/// base-load profile for that node in the window.
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
    /// The node's measured base load (kW) in the window, when this is a reading rather than a limit.
    public var baseLoadKW: Double?

    /// Creates an envelope.
    public init(
        id: String, node: String, start: Date, end: Date, importKW: Double? = nil, importA: [Double]? = nil, source: String,
        baseLoadKW: Double? = nil
    ) {
        self.baseLoadKW = baseLoadKW
        self.id = id
        self.node = node
        self.start = start
        self.end = end
        self.importKW = importKW
        self.importA = importA
        self.source = source
    }
}
