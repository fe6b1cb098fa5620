import BusbarEnergy
import Testing

@Suite("GLPK binding")
struct LinearProgramTests {
    @Test func linkedGLPKKeepsItsEnvironmentPerThread() {
        #expect(GLPKEnvironment.hasThreadLocalEnvironment)
        #expect(!GLPKEnvironment.version.isEmpty)
    }

    /// Two chargers share a 32 A feeder; one may take at most 20 A: the optimum gives 20 + 12.
    @Test func sharesAFeederBetweenTwoChargers() throws {
        let program = LinearProgram(
            direction: .maximize, objective: [1, 1],
            columnBounds: [.init(lower: 0, upper: 20), .init(lower: 0, upper: 32)],
            rows: [[1, 1]], rowBounds: [.init(upper: 32)])
        let solution = try program.solve()
        #expect(abs(solution.objective - 32) < 1e-9)
        #expect(abs(solution.values[0] + solution.values[1] - 32) < 1e-9)
    }

    @Test func reportsAnInfeasibleProgramInsteadOfAborting() {
        let program = LinearProgram(
            direction: .maximize, objective: [1],
            columnBounds: [.init(lower: 10, upper: 20)],
            rows: [[1]], rowBounds: [.init(upper: 5)])
        #expect(throws: LinearProgramError.self) { try program.solve() }
    }

    @Test func refusesNonFiniteInputBeforeGLPKSeesIt() {
        let program = LinearProgram(direction: .minimize, objective: [.infinity], columnBounds: [.init()], rows: [], rowBounds: [])
        #expect(throws: LinearProgramError.self) { try program.solve() }
    }
}
