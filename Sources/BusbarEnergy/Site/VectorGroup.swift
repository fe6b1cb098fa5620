/// A transformer's vector group: how secondary line currents appear as primary line currents.
public enum VectorGroup: String, Sendable, Hashable, CaseIterable {
    case dyn11 = "Dyn11"
    case dyn1 = "Dyn1"
    case yyn0 = "Yyn0"

    /// The primary line currents that the secondary line currents `secondary` cause.
    /// Delta–wye: each primary line current is the difference of two secondary line currents over
    /// the winding ratio n = V_primary,LL / V_secondary,LN; Dyn11 (secondary leads by 30°) pairs
    /// a−c, Dyn1 (secondary lags by 30°) pairs a−b. Wye–wye scales by V_secondary / V_primary.
    public func primaryCurrents(_ secondary: [Phasor], primaryVoltageLL: Double, secondaryVoltageLL: Double) -> [Phasor] {
        let (a, b, c) = (secondary[0], secondary[1], secondary[2])
        switch self {
        case .dyn11:
            let k = 1 / (primaryVoltageLL / (secondaryVoltageLL / 3.0.squareRoot()))
            return [(a - c) * k, (b - a) * k, (c - b) * k]
        case .dyn1:
            let k = 1 / (primaryVoltageLL / (secondaryVoltageLL / 3.0.squareRoot()))
            return [(a - b) * k, (b - c) * k, (c - a) * k]
        case .yyn0:
            let k = secondaryVoltageLL / primaryVoltageLL
            return [a * k, b * k, c * k]
        }
    }
}
