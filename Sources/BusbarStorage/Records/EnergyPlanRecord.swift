import Foundation

/// One plan the energy manager made for a site, with everything it was made from, so
/// `GET /api/v1/sites/{id}/plans/{planId}` can explain a past decision after the fact.
public struct EnergyPlanRecord: Codable, Sendable, Hashable {
    /// Assigned by the store when the plan is appended; increasing over the database's life.
    public var id: Int64?
    /// The site planned.
    public var siteId: String
    /// When the plan was made.
    public var madeAt: Date
    /// Why (the events that asked for it).
    public var reason: String
    /// The inputs as JSON text: the site, the EVs and their needs, what stations held, the limit signals.
    public var inputs: String
    /// The plan as JSON text, as `GET /api/v1/sites/{id}/plan` showed it.
    public var result: String

    /// Makes a record; the store assigns `id`.
    public init(id: Int64? = nil, siteId: String, madeAt: Date, reason: String, inputs: String, result: String) {
        self.id = id
        self.siteId = siteId
        self.madeAt = madeAt
        self.reason = reason
        self.inputs = inputs
        self.result = result
    }

    func validate() throws(StorageError) {
        try StoredText.check(
            "energyPlan", key: siteId.replacingNul(), [("siteId", siteId), ("reason", reason), ("inputs", inputs), ("result", result)])
    }
}
