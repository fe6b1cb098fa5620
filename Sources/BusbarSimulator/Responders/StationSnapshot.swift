/// The parts of the station's live state a default answer depends on.
struct StationSnapshot: Sendable {
    var layout: EVSELayout
    /// Ongoing transactions: id → EVSE id.
    var transactions: [String: Int]
    var localListVersion: Int
    var chargingProfiles: InstalledChargingProfiles

    func hasTransaction(onEVSE evseId: Int) -> Bool {
        transactions.values.contains(evseId)
    }

    /// The first EVSE without a transaction.
    var freeEVSE: Int? {
        layout.evses.first { !hasTransaction(onEVSE: $0.id) }?.id
    }
}
