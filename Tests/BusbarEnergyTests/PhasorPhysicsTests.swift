import BusbarEnergy
import Foundation
import Testing

@Suite("Three-phase physics")
struct PhasorPhysicsTests {
    private func magnitudes(_ lines: [Phasor]) -> [Double] { lines.map(\.magnitude) }

    private func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-6) -> Bool {
        zip(a, b).allSatisfy { abs($0 - $1) < tolerance }
    }

    /// ENERGY-NOTES: 20 A on L1-L2 and 20 A on L2-L3 put 34.64 A on line 2, not 40 A.
    @Test func lineToLineLoadsAddAsPhasors() {
        let a = EVSEWiring("L1-L2")!.lineCurrents(rotation: .straight)
        let b = EVSEWiring("L2-L3")!.lineCurrents(rotation: .straight)
        let sum = (0..<3).map { a[$0] * 20 + b[$0] * 20 }
        #expect(close(magnitudes(sum), [20, 20 * 3.0.squareRoot(), 20], 1e-9))
        #expect(abs(sum[1].magnitude - 34.641016) < 1e-5)
        // The L1-L2 current is in phase with V12 = V1 − V2: +30°.
        #expect(abs(atan2(a[0].im, a[0].re) * 180 / .pi - 30) < 1e-9)
    }

    @Test func lineToNeutralFollowsThePhaseRotation() {
        let straight = EVSEWiring("L1-N")!.lineCurrents(rotation: .straight)
        let rotated = EVSEWiring("L1-N")!.lineCurrents(rotation: PhaseRotation("STR")!)
        #expect(close(magnitudes(straight), [1, 0, 0]))
        #expect(close(magnitudes(rotated), [0, 1, 0]))
        #expect(abs(atan2(rotated[1].im, rotated[1].re) * 180 / .pi + 120) < 1e-9)
        // Unbalanced single-phase loads on all three phases cancel in the neutral, not in the lines.
        let three = [EVSEWiring("L1-N")!, EVSEWiring("L2-N")!, EVSEWiring("L3-N")!].map { $0.lineCurrents(rotation: .straight) }
        let lines = (0..<3).map { line in three.reduce(Phasor.zero) { $0 + $1[line] * 16 } }
        #expect(close(magnitudes(lines), [16, 16, 16]))
    }

    @Test func threePhaseEVSEDrawsBalancedWhateverItsRotation() {
        for rotation in ["RST", "RTS", "SRT", "STR", "TRS", "TSR"] {
            let lines = EVSEWiring.threePhase.lineCurrents(rotation: PhaseRotation(rotation)!)
            #expect(close(magnitudes(lines), [1, 1, 1]))
            #expect((lines[0] + lines[1] + lines[2]).magnitude < 1e-12)
        }
        #expect(abs(EVSEWiring.threePhase.powerFactorPerVolt * 230 * 16 / 1000 - 11.04) < 1e-9)
    }

    /// ENERGY-NOTES: 480 V delta / 208Y/120 V, 100 A balanced → 43.3 A primary, 36 kVA both sides.
    @Test func deltaWyeTransformerMapsBalancedLoad() {
        let secondary = Phase.allCases.map { $0.unit * 100 }
        for group in [VectorGroup.dyn11, .dyn1] {
            let primary = group.primaryCurrents(secondary, primaryVoltageLL: 480, secondaryVoltageLL: 208)
            let expected = 3.0.squareRoot() * 100 / (480 / (208 / 3.0.squareRoot()))
            #expect(close(magnitudes(primary), [expected, expected, expected], 1e-9))
            #expect(abs(3.0.squareRoot() * 480 * primary[0].magnitude - 3 * (208 / 3.0.squareRoot()) * 100) < 1e-6)
        }
        // Dyn11: the secondary leads by 30°, so the primary current lags the secondary by 30°.
        let dyn11 = VectorGroup.dyn11.primaryCurrents(secondary, primaryVoltageLL: 480, secondaryVoltageLL: 208)
        #expect(abs(atan2(dyn11[0].im, dyn11[0].re) * 180 / .pi + 30) < 1e-9)
    }

    /// One L-N load on secondary phase a: Dyn11 loads primary lines A and B, Dyn1 loads A and C.
    @Test func dyn11AndDyn1PairTheSecondaryLinesDifferently() {
        let secondary = [Phasor(re: 40, im: 0), .zero, .zero]
        let dyn11 = VectorGroup.dyn11.primaryCurrents(secondary, primaryVoltageLL: 480, secondaryVoltageLL: 208)
        let dyn1 = VectorGroup.dyn1.primaryCurrents(secondary, primaryVoltageLL: 480, secondaryVoltageLL: 208)
        #expect(close(magnitudes(dyn11), [10, 10, 0], 2e-2))
        #expect(close(magnitudes(dyn1), [10, 0, 10], 2e-2))
        let yy = VectorGroup.yyn0.primaryCurrents(secondary, primaryVoltageLL: 10_000, secondaryVoltageLL: 400)
        #expect(close(magnitudes(yy), [1.6, 0, 0], 1e-9))
    }

    /// 20 A on L1-L2 at 208 V behind a 480/208Y Dyn11: hand-computed 5, 10, 5 A on the primary.
    @Test func lineToLineLoadBehindATransformerThroughTheTopology() throws {
        let site = try SiteLoader.parse(
            """
            id: t
            timezone: UTC
            voltageLN: 277.13
            grid:
              name: service
              children:
                - name: tx
                  kind: transformer
                  transformer: { vectorGroup: Dyn11, primaryVoltageLL: 480, secondaryVoltageLL: 208, primaryLimitA: [50, 50, 50] }
                  stations: [{ id: S, evses: [{ id: 1, wiring: L1-L2, maxA: 32 }] }]
            """, file: "t.yaml")
        let topology = SiteTopology(site: site)
        let coefficients = topology.coefficients(evse: 0, wiring: topology.wiring(of: 0, evPhases: 1))
        let byName = Dictionary(uniqueKeysWithValues: coefficients.map { (topology.checkpoints[$0.checkpoint].name, $0.lines) })
        #expect(close(magnitudes(byName["tx"]!.map { $0 * 20 }), [20, 20, 0], 1e-9))
        #expect(close(magnitudes(byName["tx (primary)"]!.map { $0 * 20 }), [5, 10, 5], 1e-2))
        #expect(close(magnitudes(byName["service"]!.map { $0 * 20 }), [5, 10, 5], 1e-2))
        #expect(abs(topology.kilowattsPerAmp(evse: 0, wiring: .lineToLine(.l1, .l2)) - 0.208) < 1e-9)
    }
}
