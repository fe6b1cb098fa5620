import OCPP

/// One synthetic meter sample of an EVSE, turned into OCPP `MeterValueType` payloads.
///
/// Values are plausible rather than physical: tests and the bench need schema-valid readings
/// with every measurand the CSMS stores, not a battery model.
public struct MeterReading: Sendable, Hashable {
    /// Energy.Active.Import.Register in Wh, monotonic over the station's life.
    public var energyWh: Double
    /// Power.Active.Import per phase in W (L1, L2, L3; one entry on single-phase EVSEs).
    public var powerPerPhaseW: [Double]
    /// Current.Import per phase in A.
    public var currentPerPhaseA: [Double]
    /// Voltage per phase (phase to neutral) in V.
    public var voltageV: Double
    /// State of charge of the EV in percent, nil when the EV does not report it.
    public var stateOfChargePercent: Double?

    /// Creates a reading.
    public init(energyWh: Double, powerPerPhaseW: [Double], currentPerPhaseA: [Double], voltageV: Double, stateOfChargePercent: Double?) {
        self.energyWh = energyWh
        self.powerPerPhaseW = powerPerPhaseW
        self.currentPerPhaseA = currentPerPhaseA
        self.voltageV = voltageV
        self.stateOfChargePercent = stateOfChargePercent
    }

    /// A reading of an EVSE drawing `current` A on `phases` phases at 230 V.
    public static func charging(energyWh: Double, currentA: Double, phases: Int, stateOfChargePercent: Double?) -> Self {
        let phaseCount = phases == 1 ? 1 : 3
        let current = (currentA * 10).rounded() / 10
        return MeterReading(
            energyWh: (energyWh * 10).rounded() / 10,
            powerPerPhaseW: Array(repeating: (current * 230).rounded(), count: phaseCount),
            currentPerPhaseA: Array(repeating: current, count: phaseCount),
            voltageV: 230,
            stateOfChargePercent: stateOfChargePercent.map { ($0 * 10).rounded() / 10 }
        )
    }

    /// Total active power over all phases in W.
    public var totalPowerW: Double { powerPerPhaseW.reduce(0, +) }

    /// Only the energy register: what TransactionEvent Started/Ended usually carry.
    public func energyOnly(timestamp: String, context: String) -> JSONValue {
        [
            "timestamp": .string(timestamp),
            "sampledValue": [
                Self.sample(energyWh, context: context, measurand: "Energy.Active.Import.Register", phase: nil, unit: "Wh")
            ],
        ]
    }

    /// The full sampled data set (energy, power per phase, current, voltage, SoC) as one `MeterValueType`.
    public func meterValue(timestamp: String, context: String) -> JSONValue {
        let phases = ["L1", "L2", "L3"]
        var samples: [JSONValue] = [
            Self.sample(energyWh, context: context, measurand: "Energy.Active.Import.Register", phase: nil, unit: "Wh"),
            Self.sample(totalPowerW, context: context, measurand: "Power.Active.Import", phase: nil, unit: "W"),
        ]
        for (index, power) in powerPerPhaseW.enumerated() {
            samples.append(Self.sample(power, context: context, measurand: "Power.Active.Import", phase: phases[index], unit: "W"))
        }
        for (index, current) in currentPerPhaseA.enumerated() {
            samples.append(Self.sample(current, context: context, measurand: "Current.Import", phase: phases[index], unit: "A"))
        }
        for index in powerPerPhaseW.indices {
            samples.append(Self.sample(voltageV, context: context, measurand: "Voltage", phase: phases[index] + "-N", unit: "V"))
        }
        if let stateOfChargePercent {
            var soc = Self.sample(stateOfChargePercent, context: context, measurand: "SoC", phase: nil, unit: "Percent")
            if case .object(var fields) = soc {
                fields["location"] = "EV"
                soc = .object(fields)
            }
            samples.append(soc)
        }
        return ["timestamp": .string(timestamp), "sampledValue": .array(samples)]
    }

    private static func sample(_ value: Double, context: String, measurand: String, phase: String?, unit: String) -> JSONValue {
        var fields: [String: JSONValue] = [
            "value": .number(value),
            "context": .string(context),
            "measurand": .string(measurand),
            "unitOfMeasure": ["unit": .string(unit)],
        ]
        if let phase { fields["phase"] = .string(phase) }
        return .object(fields)
    }
}
