import Foundation

/// A limit a utility (or another outside party) puts on one node of a site for a while: the
/// energy manager takes the strictest of the site file, its schedules and the signals in force.
/// Signals are never deleted: a withdrawal is stamped, so the audit trail keeps who set what.
public struct LimitSignalRecord: Codable, Sendable, Hashable, Identifiable {
    /// Longest text accepted for the site, node, source and external id.
    public static let maxTextLength = 128

    /// Busbar's id of the signal (`lim_…`), used to read and withdraw it.
    public var id: String
    /// The site it applies to.
    public var siteId: String
    /// The node of the site's tree it limits (usually the grid connection).
    public var nodeId: String
    /// When it starts to apply.
    public var startsAt: Date
    /// When it stops applying on its own.
    public var endsAt: Date
    /// Import limit as active power, kW; nil when given per phase only.
    public var importLimitKW: Double?
    /// Import limit as line current on L1, L2, L3 (A); nil when given as power only.
    public var importLimitL1A: Double?
    /// Import limit on L2 (A).
    public var importLimitL2A: Double?
    /// Import limit on L3 (A).
    public var importLimitL3A: Double?
    /// Optional export limit, kW (for sites that feed back).
    public var exportLimitKW: Double?
    /// Who sent it: the utility's name or the protocol it came through.
    public var source: String
    /// The sender's own id of the signal; a second POST with the same one returns the first.
    public var externalId: String?
    /// Stamped by the store.
    public var createdAt: Date
    /// The API key that created it (nil when the API ran open on loopback).
    public var createdByKeyId: String?
    /// Set when the signal was withdrawn before its end.
    public var withdrawnAt: Date?
    /// The API key that withdrew it.
    public var withdrawnByKeyId: String?

    /// Makes a signal; the store stamps `createdAt`.
    public init(
        id: String, siteId: String, nodeId: String, startsAt: Date, endsAt: Date, importLimitKW: Double? = nil,
        importLimitA: [Double]? = nil, exportLimitKW: Double? = nil, source: String, externalId: String? = nil,
        createdAt: Date = Date(), createdByKeyId: String? = nil, withdrawnAt: Date? = nil, withdrawnByKeyId: String? = nil
    ) {
        self.id = id
        self.siteId = siteId
        self.nodeId = nodeId
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.importLimitKW = importLimitKW
        self.importLimitL1A = importLimitA?[0]
        self.importLimitL2A = importLimitA.flatMap { $0.count > 1 ? $0[1] : nil }
        self.importLimitL3A = importLimitA.flatMap { $0.count > 2 ? $0[2] : nil }
        self.exportLimitKW = exportLimitKW
        self.source = source
        self.externalId = externalId
        self.createdAt = createdAt
        self.createdByKeyId = createdByKeyId
        self.withdrawnAt = withdrawnAt
        self.withdrawnByKeyId = withdrawnByKeyId
    }

    /// The per-phase import limit, or nil when none was given.
    public var importLimitA: [Double]? {
        guard let l1 = importLimitL1A, let l2 = importLimitL2A, let l3 = importLimitL3A else { return nil }
        return [l1, l2, l3]
    }

    /// True when the signal limits the node at `date`: started, not ended, not withdrawn.
    public func isInForce(at date: Date) -> Bool {
        withdrawnAt == nil && startsAt <= date && date < endsAt
    }

    func validate() throws(StorageError) {
        let key = id.replacingNul()
        try StoredText.check(
            "limit signal", key: key,
            [("id", id), ("siteId", siteId), ("nodeId", nodeId), ("source", source), ("externalId", externalId)])
        for (name, text) in [("id", id), ("siteId", siteId), ("nodeId", nodeId), ("source", source)]
        where text.isEmpty || text.count > Self.maxTextLength {
            throw .invalid("limit signal", key: key, field: name, reason: "must be 1…\(Self.maxTextLength) characters")
        }
        if let externalId, externalId.isEmpty || externalId.count > Self.maxTextLength {
            throw .invalid("limit signal", key: key, field: "externalId", reason: "must be 1…\(Self.maxTextLength) characters")
        }
        if endsAt <= startsAt { throw .invalid("limit signal", key: key, field: "endsAt", reason: "must be after startsAt") }
        let phases = [importLimitL1A, importLimitL2A, importLimitL3A]
        if phases.contains(where: { $0 == nil }) && phases.contains(where: { $0 != nil }) {
            throw .invalid("limit signal", key: key, field: "importLimitA", reason: "needs all three phases or none")
        }
        if importLimitKW == nil && importLimitL1A == nil && exportLimitKW == nil {
            throw .invalid("limit signal", key: key, field: "importLimitKW", reason: "or importLimitA or exportLimitKW must be given")
        }
        let values = [("importLimitKW", importLimitKW), ("importLimitA", importLimitL1A), ("importLimitA", importLimitL2A),
            ("importLimitA", importLimitL3A), ("exportLimitKW", exportLimitKW)]
        for (name, value) in values {
            if let value, !(value.isFinite && value >= 0) {
                throw .invalid("limit signal", key: key, field: name, reason: "must be a finite number ≥ 0")
            }
        }
    }
}
