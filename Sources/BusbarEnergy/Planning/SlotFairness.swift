/// Which EVs and slots get a per-slot fairness floor (Models/README.md, "Slot fairness"): the
/// horizon term alone leaves the split of each slot among equal EVs arbitrary, so plans that
/// give the same energy reshuffle every profile; a floor r[v,s] ≥ f_s · cap makes it unique.
public enum SlotFairness: String, Sendable, Hashable, CaseIterable {
    /// No per-slot floor: the horizon term only (the planner before issue #11's churn fix).
    case none
    /// The executed slot only, every EV present there.
    case executed
    /// Every slot, for the EVs whose energy need is unknown (the usual AC case; the default):
    /// nothing distinguishes one slot from another for them, while an EV with a known need and
    /// departure keeps the freedom the LP uses to meet its deadline.
    case unknown
    /// Every slot, every EV (a floor capped by what the EV's remaining energy allows in the slot).
    case all
}
