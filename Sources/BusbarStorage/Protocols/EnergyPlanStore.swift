import Foundation

/// The plans the energy manager made, kept for a while so past decisions can be explained.
public protocol EnergyPlanStore: Sendable {
    /// Appends a plan and returns it with its id.
    func appendEnergyPlan(_ plan: EnergyPlanRecord) async throws(StorageError) -> EnergyPlanRecord
    /// One stored plan of a site, or nil.
    func energyPlan(siteId: String, id: Int64) async throws(StorageError) -> EnergyPlanRecord?
    /// A site's plans, newest first, at most `limit`, older than `before` when given (paging).
    func energyPlans(siteId: String, before: Int64?, limit: Int) async throws(StorageError) -> [EnergyPlanRecord]
    /// Deletes the plans made before `date`; returns how many.
    func pruneEnergyPlans(madeBefore date: Date) async throws(StorageError) -> Int
}
