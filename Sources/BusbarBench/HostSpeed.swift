/// A fixed piece of work timed before the load, so runs can be compared: the bench shares a
/// virtual machine with other tenants, and its speed drifts by tens of percent over a day.
enum HostSpeed {
    /// Milliseconds (best of three) for 10 million dependent random updates of a 64 MiB table:
    /// arithmetic and cache misses, the two things a busy neighbour takes from us.
    static func referenceMilliseconds() -> Double {
        var table = [UInt64](repeating: 0, count: 8 << 20)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            table.withUnsafeMutableBufferPointer { slots in
                let mask = UInt64(slots.count - 1)
                for _ in 0..<10_000_000 {
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    let slot = Int(truncatingIfNeeded: (state ^ slots[Int(truncatingIfNeeded: state & mask)]) & mask)
                    slots[slot] &+= state
                }
            }
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
        }
        // Keeps the work from being optimised away.
        if table[Int(best) & 7] == 42 { print("") }
        return best
    }
}
