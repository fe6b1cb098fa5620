import Foundation

/// One time slot of a plan, with the polygon order its node rows use.
public struct PlanningSlot: Sendable, Hashable {
    /// Start.
    public var start: Date
    /// End (exclusive).
    public var end: Date
    /// Order K of the inscribed polygon for this slot.
    public var polygonOrder: Int
    /// Length in hours.
    public var hours: Double { end.timeIntervalSince(start) / 3600 }

    /// Creates a slot.
    public init(start: Date, end: Date, polygonOrder: Int) {
        self.start = start
        self.end = end
        self.polygonOrder = polygonOrder
    }

    /// A grid from `start`: `fineCount` slots of `slotMinutes`, then 15-minute slots to 6 h and
    /// hourly ones to `end`, never finer than `slotMinutes` (far slots only steer, the first one
    /// is executed). `fineCount` = nil keeps every slot fine. Slot 0 gets `executedOrder`.
    public static func grid(start: Date, end: Date, slotMinutes: Int, fineCount: Int?, executedOrder: Int, order: Int) -> [PlanningSlot] {
        var slots: [PlanningSlot] = []
        var cursor = start
        while cursor < end {
            let index = slots.count
            var minutes = slotMinutes
            if let fineCount, index >= fineCount {
                let elapsed = cursor.timeIntervalSince(start) / 60
                minutes = max(slotMinutes, elapsed < 360 ? 15 : 60)
                // Stay on the fine grid so slot edges meet arrivals the replay rounds to it.
                minutes -= minutes % slotMinutes
            }
            let next = min(end, cursor.addingTimeInterval(Double(minutes) * 60))
            slots.append(PlanningSlot(start: cursor, end: next, polygonOrder: index == 0 ? executedOrder : order))
            cursor = next
        }
        return slots
    }
}
