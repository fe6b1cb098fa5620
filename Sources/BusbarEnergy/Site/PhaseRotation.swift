/// How an EVSE's terminals L1, L2, L3 are wired to the site's phases, as OCPP's `PhaseRotation`
/// names it (R, S, T = the site's L1, L2, L3): "RST" is straight, "STR" puts the EVSE's L1 on L2.
public struct PhaseRotation: Sendable, Hashable, CustomStringConvertible {
    /// The site phase of each EVSE terminal.
    public let sitePhase: [Phase]

    /// Parses "RST", "RTS", "SRT", "STR", "TRS" or "TSR"; "NotApplicable"/"Unknown" mean straight.
    public init?(_ text: String) {
        if text == "NotApplicable" || text == "Unknown" {
            sitePhase = [.l1, .l2, .l3]
            return
        }
        let letters = Array(text.uppercased())
        guard letters.count == 3, Set(letters) == Set("RST") else { return nil }
        sitePhase = letters.map { $0 == "R" ? .l1 : $0 == "S" ? .l2 : .l3 }
    }

    /// Straight wiring, terminal Lk on site Lk.
    public static let straight = PhaseRotation("RST")!
    /// The OCPP name.
    public var description: String { String(sitePhase.map { $0 == .l1 ? "R" : $0 == .l2 ? "S" : "T" }) }
}
