import CGLPK
import Foundation

/// Builds the allocation LP through GLPK's C API and solves it, in one synchronous call on the
/// calling thread (create, solve, delete: a `glp_prob` never crosses an `await`). Rows that cannot
/// bind — their largest possible left side is under the bound — are dropped: exact, and smaller.
public enum AllocationSolver {
    /// The profiling switches (`BUSBAR_LP_*`, docs/benchmarks.md), read once: copying the
    /// process environment on every solve cost the planning path for nothing.
    private static let environment = ProcessInfo.processInfo.environment

    /// Solves `problem`; `needIDs` key the warm-start basis, `iterationLimit` keeps the feasible basis a
    /// simplex stops at, `minimumCurrentA` makes the executed slot a MIP; throws when GLPK finds no plan.
    public static func solve(
        _ problem: AllocationProblem, needIDs: [String] = [], method: SolverMethod = .primal,
        warmStart: WarmStart? = nil, timeLimitMilliseconds: Int32 = 60_000,
        mpsPath: String? = nil, iterationLimit: Int32? = nil, minimumCurrentA: Double? = nil
    ) throws(LinearProgramError) -> AllocationSolution {
        let started = DispatchTime.now().uptimeNanoseconds
        let environment = Self.environment
        let trace = environment["BUSBAR_LP_TRACE"] != nil
        // glp_adv_basis and the translator print even with msg_lev off: silence this thread's GLPK.
        glp_term_out(GLP_OFF)
        let slotCount = problem.slots.count
        // Every column the LP could have ("candidates", 1-based; index 0 unused): an EV in a slot it is present.
        var columnOf: [[Int32]] = problem.vehicles.map { [Int32](repeating: 0, count: $0.presence.count) }
        var candidateKeys: [WarmStart.ColumnKey] = [.init(need: "", slotStart: -2)]
        var objective: [Double] = [0]
        var upper: [Double] = [0]
        var vehicleOf: [Int] = [-1], slotOf: [Int] = [-1]
        for (v, vehicle) in problem.vehicles.enumerated() {
            for s in problem.slots.indices where vehicle.presence[s] > 0 {
                objective.append(problem.objective(vehicle: v, slot: s))
                upper.append(vehicle.maxCurrentA)
                vehicleOf.append(v); slotOf.append(s)
                columnOf[v][s] = Int32(objective.count - 1)
                if !needIDs.isEmpty {
                    candidateKeys.append(.init(need: needIDs[vehicle.need], slotStart: problem.slots[s].start.timeIntervalSince1970))
                }
            }
        }
        let evColumns = objective.count - 1
        guard evColumns > 0 else {
            return AllocationSolution(
                currents: problem.vehicles.map { $0.presence.map { _ in 0 } }, objective: 0, energyKWh: 0, columns: 0, rows: 0,
                milliseconds: 0)
        }
        let reach = problem.vehicles.indices.map { problem.reachable(vehicle: $0) }
        let fairColumn: Int32? = problem.fairness > 0 ? Int32(evColumns + 1) : nil
        if fairColumn != nil {
            objective.append(problem.fairness * reach.reduce(0, +))
            upper.append(1)
            vehicleOf.append(-1); slotOf.append(-1)
            if !needIDs.isEmpty { candidateKeys.append(.init(need: "", slotStart: -1)) }
        }
        // Per-slot fairness (SlotFairness): f_s, the lowest fraction of its cap any floored EV
        // gets in slot s, weighted by the energy those EVs could take there.
        var slotFairColumn = [Int32](repeating: 0, count: slotCount)
        var slotOfFairColumn: [Int: Int] = [:]
        if problem.slotFairness > 0 {
            for s in problem.slots.indices {
                let reach = problem.slotReach(slot: s)
                guard reach > 1e-9 else { continue }
                objective.append(problem.slotFairness * reach)
                upper.append(1)
                vehicleOf.append(-1); slotOf.append(-1)
                slotFairColumn[s] = Int32(objective.count - 1)
                slotOfFairColumn[objective.count - 1] = s
                if !needIDs.isEmpty {
                    candidateKeys.append(.init(need: "#slot-fairness", slotStart: problem.slots[s].start.timeIntervalSince1970))
                }
            }
        }
        // Every candidate is a GLPK column (generating them by pricing was measured slower: the
        // first duals priced in nearly all of them; docs/benchmarks.md). lpIndex maps the two.
        var lpIndex = [Int32](repeating: 0, count: objective.count)
        var candidateOf: [Int] = [0]
        for candidate in 1..<objective.count {
            candidateOf.append(candidate)
            lpIndex[candidate] = Int32(candidate)
        }
        let initialColumns = candidateOf.count - 1
        // Rows, as sparse triplets (1-based, GLPK's convention; index 0 unused).
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        var rowLower: [Double?] = [], rowUpper: [Double?] = []
        var rowKeys: [WarmStart.RowKey] = []
        @discardableResult
        func addRow(_ terms: [(Int32, Double)], lower: Double?, upper: Double?, key: @autoclosure () -> WarmStart.RowKey) -> Int32 {
            let row = Int32(rowLower.count + 1)
            for (candidate, value) in terms where value != 0 && lpIndex[Int(candidate)] > 0 {
                ia.append(row); ja.append(lpIndex[Int(candidate)]); ar.append(value)
            }
            rowLower.append(lower); rowUpper.append(upper)
            if warmStart != nil { rowKeys.append(key()) }
            return row
        }
        var energyRow = [Int32](repeating: 0, count: problem.vehicles.count)
        var fairRow = [Int32](repeating: 0, count: problem.vehicles.count)
        var slotFairRow: [[Int32]] = problem.vehicles.map { [Int32](repeating: 0, count: $0.presence.count) }
        for (v, vehicle) in problem.vehicles.enumerated() {
            let id = needIDs.isEmpty ? "\(v)" : needIDs[vehicle.need]
            let terms = problem.slots.indices.compactMap { s -> (Int32, Double)? in
                columnOf[v][s] > 0 ? (columnOf[v][s], vehicle.kilowattsPerAmp * vehicle.presence[s]) : nil
            }
            if vehicle.energyKWh.isFinite && vehicle.maxCurrentA * terms.reduce(0, { $0 + $1.1 }) > vehicle.energyKWh {
                energyRow[v] = addRow(terms, lower: nil, upper: vehicle.energyKWh, key: .energy(id))
            }
            if let fairColumn, reach[v] > 1e-9 {
                fairRow[v] = addRow(terms + [(fairColumn, -reach[v])], lower: 0, upper: nil, key: .fairness(id))
            }
            for s in problem.slots.indices where slotFairColumn[s] > 0 && columnOf[v][s] > 0 {
                let cap = problem.fairnessCap(vehicle: v, slot: s)
                guard cap > 0 else { continue }
                slotFairRow[v][s] = addRow(
                    [(columnOf[v][s], 1), (slotFairColumn[s], -cap)], lower: 0, upper: nil,
                    key: .slotFairness(id, slotStart: problem.slots[s].start.timeIntervalSince1970))
            }
        }
        // Per checkpoint, the vehicles that touch it and their line phasors.
        var touching = [[(vehicle: Int, lines: [Phasor])]](repeating: [], count: problem.checkpointCount)
        for (v, vehicle) in problem.vehicles.enumerated() {
            for entry in vehicle.coefficients { touching[entry.checkpoint].append((v, entry.lines)) }
        }
        // Polygon sides are generated lazily: each bounded line starts with the sides facing the
        // direction its current would take at full draw (and those the last basis held); after a
        // solve, any side the solution crosses is added and the LP re-solved (dual simplex from
        // the same basis) until none is crossed — the optimum of the full polygon, on far fewer rows.
        var lines: [PolygonLine] = []
        var lineAt = [Int](repeating: -1, count: problem.checkpointCount * 3 * slotCount)
        for limit in problem.lineLimits {
            let present = touching[limit.checkpoint].filter { columnOf[$0.vehicle][limit.slot] > 0 }
            guard !present.isEmpty else { continue }
            let order = problem.slots[limit.slot].polygonOrder
            var line = PolygonLine(
                checkpoint: limit.checkpoint, line: limit.line, slotStart: problem.slots[limit.slot].start.timeIntervalSince1970,
                order: order, radius: limit.limitA * cos(.pi / Double(order)), base: limit.base)
            var full = limit.base
            for entry in present {
                let coefficient = entry.lines[limit.line]
                if coefficient.magnitude < 1e-12 { continue }
                let upper = problem.vehicles[entry.vehicle].maxCurrentA
                line.terms.append((columnOf[entry.vehicle][limit.slot], coefficient, upper))
                full = full + coefficient * upper
            }
            guard !line.terms.isEmpty else { continue }
            var candidates = Set<Int>()
            candidates.insert(line.nearestSide(to: full))
            if let warmStart {
                for side in 0..<order
                where warmStart.rows[
                    .line(checkpoint: line.checkpoint, line: line.line, slotStart: line.slotStart, side: side, order: order)] != nil
                {
                    candidates.insert(side)
                }
            }
            for side in candidates.sorted() where line.canBind(side: side) {
                let (terms, bound) = line.row(side: side)
                line.included[side] = addRow(
                    terms, lower: nil, upper: bound,
                    key: .line(checkpoint: line.checkpoint, line: line.line, slotStart: line.slotStart, side: side, order: order))
            }
            lineAt[(limit.checkpoint * 3 + limit.line) * slotCount + limit.slot] = lines.count
            lines.append(line)
        }
        var powerRow = [Int32](repeating: 0, count: problem.checkpointCount * slotCount)
        for limit in problem.powerLimits {
            let present = touching[limit.checkpoint].filter { columnOf[$0.vehicle][limit.slot] > 0 }
            let bound = limit.limitKW - limit.baseKW
            let terms = present.map { (columnOf[$0.vehicle][limit.slot], problem.vehicles[$0.vehicle].kilowattsPerAmp) }
            let most = present.reduce(0) { $0 + problem.vehicles[$1.vehicle].kilowattsPerAmp * problem.vehicles[$1.vehicle].maxCurrentA }
            if present.isEmpty || most <= bound + 1e-9 { continue }
            powerRow[limit.checkpoint * slotCount + limit.slot] = addRow(
                terms, lower: nil, upper: bound,
                key: .power(checkpoint: limit.checkpoint, slotStart: problem.slots[limit.slot].start.timeIntervalSince1970))
        }
        let numbers = objective + upper + ar + rowLower.compactMap { $0 } + rowUpper.compactMap { $0 }
        guard numbers.allSatisfy(\.isFinite) else {
            throw LinearProgramError(reason: "the allocation LP has a non-finite coefficient or bound")
        }

        guard let lp = glp_create_prob() else { throw LinearProgramError(reason: "GLPK could not allocate a problem") }
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, GLP_MAX)
        glp_add_cols(lp, Int32(initialColumns))
        for column in 1...initialColumns {
            let candidate = candidateOf[column]
            glp_set_obj_coef(lp, Int32(column), objective[candidate])
            glp_set_col_bnds(lp, Int32(column), GLP_DB, 0, upper[candidate])
        }
        let rowCount = Int32(rowLower.count)
        if rowCount > 0 {
            glp_add_rows(lp, rowCount)
            for row in 0..<Int(rowCount) {
                switch (rowLower[row], rowUpper[row]) {
                case (let lower?, nil): glp_set_row_bnds(lp, Int32(row + 1), GLP_LO, lower, 0)
                case (nil, let upper?): glp_set_row_bnds(lp, Int32(row + 1), GLP_UP, 0, upper)
                case (let lower?, let upper?): glp_set_row_bnds(lp, Int32(row + 1), GLP_DB, lower, upper)
                case (nil, nil): glp_set_row_bnds(lp, Int32(row + 1), GLP_FR, 0, 0)
                }
            }
            if ar.count > 1 { glp_load_matrix(lp, Int32(ar.count - 1), &ia, &ja, &ar) }
        }
        if let mpsPath { glp_write_mps(lp, GLP_MPS_FILE, nil, mpsPath) }
        let built = DispatchTime.now().uptimeNanoseconds
        /// The rows of the LP that hold `candidate`, with its coefficients there.
        func entries(of candidate: Int) -> [(Int32, Double)] {
            if candidate == Int(fairColumn ?? 0) {
                return problem.vehicles.indices.compactMap { fairRow[$0] > 0 ? (fairRow[$0], -reach[$0]) : nil }
            }
            if let s = slotOfFairColumn[candidate] {
                return problem.vehicles.indices.compactMap {
                    slotFairRow[$0][s] > 0 ? (slotFairRow[$0][s], -problem.fairnessCap(vehicle: $0, slot: s)) : nil
                }
            }
            let v = vehicleOf[candidate], s = slotOf[candidate]
            let vehicle = problem.vehicles[v]
            var result: [(Int32, Double)] = []
            let energy = vehicle.kilowattsPerAmp * vehicle.presence[s]
            if energyRow[v] > 0 { result.append((energyRow[v], energy)) }
            if fairRow[v] > 0 { result.append((fairRow[v], energy)) }
            if slotFairRow[v][s] > 0 { result.append((slotFairRow[v][s], 1)) }
            for entry in vehicle.coefficients {
                let row = powerRow[entry.checkpoint * slotCount + s]
                if row > 0 { result.append((row, vehicle.kilowattsPerAmp)) }
                for lineNumber in 0..<3 {
                    let index = lineAt[(entry.checkpoint * 3 + lineNumber) * slotCount + s]
                    guard index >= 0, entry.lines[lineNumber].magnitude >= 1e-12 else { continue }
                    for (side, row) in lines[index].included {
                        result.append((row, entry.lines[lineNumber].projected(on: lines[index].angle(side))))
                    }
                }
            }
            return result
        }
        // A cold start begins where an earliest-deadline-first controller would be, and feasible:
        // slot by slot, EVs by departure, each column goes to its upper bound if every row it is
        // in still holds (all rows basic, columns at a bound: a valid basis). The primal simplex
        // then skips phase 1 and starts near the optimum. (`BUSBAR_LP_CRASH=full`: every EV at
        // its maximum until its energy is met, overloads included — the earlier crash.)
        var crash = [Int32](repeating: GLP_NL, count: initialColumns)
        var crashRows: [Int32] = []
        var crashLowerRows: [Int32] = []
        if environment["BUSBAR_LP_CRASH"] == "full" {
            for (v, vehicle) in problem.vehicles.enumerated() {
                var left = vehicle.energyKWh
                for s in problem.slots.indices where columnOf[v][s] > 0 {
                    let energy = vehicle.kilowattsPerAmp * vehicle.presence[s] * vehicle.maxCurrentA
                    guard energy <= left + 1e-12, lpIndex[Int(columnOf[v][s])] > 0 else { break }
                    crash[Int(lpIndex[Int(columnOf[v][s])]) - 1] = GLP_NU
                    left -= energy
                }
            }
        } else {
            var activity = [Double](repeating: 0, count: Int(rowCount) + 1)
            let departing = problem.vehicles.indices.sorted { a, b in
                let last = { (v: Int) in problem.vehicles[v].presence.lastIndex(where: { $0 > 0 }) ?? 0 }
                return (last(a), a) < (last(b), b)
            }
            // A column that a row stops short of its maximum takes that row's place in the basis
            // at the value that fills it (the row at its bound), unless BUSBAR_LP_CRASH=bounds.
            // No later column may touch such a row, so those swaps form a triangular block: the
            // basis stays regular, and the start keeps the energy up to every bound.
            let fractional = environment["BUSBAR_LP_CRASH"] != "bounds"
            var tight = [Bool](repeating: false, count: Int(rowCount) + 1)
            func raise(_ candidate: Int) {
                guard lpIndex[candidate] > 0, crash[Int(lpIndex[candidate]) - 1] == GLP_NL else { return }
                let most = upper[candidate]
                let column = entries(of: candidate)
                var step = most
                var blocking: Int32 = 0
                for (row, value) in column {
                    if tight[Int(row)] { return }
                    guard value > 0, let bound = rowUpper[Int(row) - 1] else { continue }
                    let room = (bound - 1e-9 * max(1, abs(bound)) - activity[Int(row)]) / value
                    if room < step { step = room; blocking = row }
                }
                if blocking == 0 {
                    crash[Int(lpIndex[candidate]) - 1] = GLP_NU
                } else if fractional && step > 1e-3 * most {
                    crash[Int(lpIndex[candidate]) - 1] = GLP_BS
                    tight[Int(blocking)] = true
                    crashRows.append(blocking)
                } else {
                    return
                }
                for (row, value) in column { activity[Int(row)] += value * step }
            }
            // Floored EVs (slot fairness) start together: in each slot every one at the same
            // fraction φ of its cap, the largest the rows allow. Then they are basic, their floor
            // rows at 0 and f_s basic in the place of the row that stopped φ (at its bound); the
            // EDF fill below would instead give a few EVs everything and leave f_s = 0, from
            // where the simplex took ~2,000 iterations on a 50-EVSE site.
            if fractional {
                for s in problem.slots.indices where slotFairColumn[s] > 0 && lpIndex[Int(slotFairColumn[s])] > 0 {
                    let members = problem.vehicles.indices.filter { slotFairRow[$0][s] > 0 && lpIndex[Int(columnOf[$0][s])] > 0 }
                    guard !members.isEmpty,
                        members.allSatisfy({ crash[Int(lpIndex[Int(columnOf[$0][s])]) - 1] == GLP_NL })
                    else { continue }
                    var delta: [Int32: Double] = [:]
                    var blocked = false
                    for v in members {
                        let cap = problem.fairnessCap(vehicle: v, slot: s)
                        for (row, value) in entries(of: Int(columnOf[v][s])) where rowUpper[Int(row) - 1] != nil {
                            if tight[Int(row)] { blocked = true }
                            delta[row, default: 0] += value * cap
                        }
                    }
                    if blocked { continue }
                    var phi = 1.0
                    var blocking: Int32 = 0
                    for (row, step) in delta where step > 1e-12 {
                        let bound = rowUpper[Int(row) - 1]!
                        let room = (bound - 1e-9 * max(1, abs(bound)) - activity[Int(row)]) / step
                        if room < phi { phi = room; blocking = row }
                    }
                    guard phi > 1e-3 else { continue }
                    let atMaximum = members.allSatisfy {
                        abs(problem.fairnessCap(vehicle: $0, slot: s) - upper[Int(columnOf[$0][s])]) < 1e-12
                    }
                    if blocking == 0 {
                        guard atMaximum else { continue }
                        for v in members { crash[Int(lpIndex[Int(columnOf[v][s])]) - 1] = GLP_NU }
                        crash[Int(lpIndex[Int(slotFairColumn[s])]) - 1] = GLP_NU
                    } else {
                        for v in members {
                            crash[Int(lpIndex[Int(columnOf[v][s])]) - 1] = GLP_BS
                            crashLowerRows.append(slotFairRow[v][s])
                        }
                        crash[Int(lpIndex[Int(slotFairColumn[s])]) - 1] = GLP_BS
                        tight[Int(blocking)] = true
                        crashRows.append(blocking)
                    }
                    for (row, step) in delta { activity[Int(row)] += step * phi }
                }
            }
            // A re-plan whose shifted basis GLPK cannot use starts from the last plan instead:
            // the columns it had at their maximum (most of its energy) first, then the greedy fill.
            if let warmStart, !needIDs.isEmpty, !warmStart.values.isEmpty {
                for candidate in 1..<candidateKeys.count
                where vehicleOf[candidate] >= 0 && (warmStart.values[candidateKeys[candidate]] ?? 0) >= 0.5 * upper[candidate] {
                    raise(candidate)
                }
            }
            for s in problem.slots.indices {
                for v in departing where columnOf[v][s] > 0 { raise(Int(columnOf[v][s])) }
            }
        }
        let columnKeys = needIDs.isEmpty ? [] : candidateOf.dropFirst().map { candidateKeys[$0] }
        // With an iteration limit, a simplex that reaches it keeps its feasible basis: every
        // basis from the crash on is feasible, so the plan is safe, only not the last crumb of
        // optimal (measured in docs/benchmarks.md). Without one, the result is the optimum.
        var optimal = try run(
            lp, method: method, warmStart: warmStart, columnKeys: columnKeys, rowKeys: rowKeys, crash: crash, crashRows: crashRows,
            crashLowerRows: crashLowerRows,
            timeLimit: timeLimitMilliseconds, iterationLimit: iterationLimit)
        let primal: (Int) -> Double = { candidate in
            let column = lpIndex[candidate]
            guard column > 0 else { return 0 }
            return method == .interior ? glp_ipt_col_prim(lp, column) : glp_get_col_prim(lp, column)
        }
        var cutRounds = 0
        while cutRounds < 100 {
            var added = 0
            for index in lines.indices {
                var z = lines[index].base
                for term in lines[index].terms { z = z + term.coefficient * primal(Int(term.column)) }
                let side = lines[index].nearestSide(to: z)
                guard lines[index].included[side] == nil, lines[index].canBind(side: side) else { continue }
                let (terms, bound) = lines[index].row(side: side)
                guard z.projected(on: lines[index].angle(side)) > bound + 1e-9 * max(1, lines[index].radius) else { continue }
                let row = glp_add_rows(lp, 1)
                lines[index].included[side] = row
                let loaded = terms.filter { lpIndex[Int($0.0)] > 0 && $0.1 != 0 }
                var columns: [Int32] = [0] + loaded.map { lpIndex[Int($0.0)] }
                var values: [Double] = [0] + loaded.map(\.1)
                glp_set_mat_row(lp, row, Int32(loaded.count), &columns, &values)
                glp_set_row_bnds(lp, row, GLP_UP, 0, bound)
                if warmStart != nil {
                    rowKeys.append(
                        .line(
                            checkpoint: lines[index].checkpoint, line: lines[index].line, slotStart: lines[index].slotStart,
                            side: side, order: lines[index].order))
                }
                added += 1
            }
            if added == 0 { break }
            cutRounds += 1
            // From an optimal basis the added sides keep it dual feasible: dual simplex. From a
            // stopped one it is neither: primal simplex, which ends feasible.
            optimal = try resolve(
                lp, method: method, first: optimal ? GLP_DUALP : GLP_PRIMAL, timeLimit: timeLimitMilliseconds,
                iterationLimit: iterationLimit)
        }
        // The basis the next re-plan starts from is the LP's, kept before any MIP changes it.
        if let warmStart, method != .interior {
            warmStart.columns.removeAll(keepingCapacity: true)
            warmStart.rows.removeAll(keepingCapacity: true)
            warmStart.values.removeAll(keepingCapacity: true)
            for column in 1...(candidateOf.count - 1) {
                warmStart.columns[candidateKeys[candidateOf[column]]] = glp_get_col_stat(lp, Int32(column))
                warmStart.values[candidateKeys[candidateOf[column]]] = glp_get_col_prim(lp, Int32(column))
            }
            // Basic polygon rows were slack: leaving them out of the next LP keeps its basis valid.
            for (index, key) in rowKeys.enumerated() {
                let status = glp_get_row_stat(lp, Int32(index + 1))
                if case .line = key, status == GLP_BS { continue }
                warmStart.rows[key] = status
            }
        }
        // The minimum-current rule as a MIP (`minimumCurrentA`, a measurement against the repair
        // pass): a binary per EV in the executed slot, r ≥ min·z and r ≤ u·z; the LP above gave
        // the polygon sides, glp_intopt starts from its optimum (the far slots stay continuous).
        var integral = false
        if let minimum = minimumCurrentA, method != .interior, optimal {
            let hours = problem.slots[0].hours
            for (v, vehicle) in problem.vehicles.enumerated() where columnOf[v][0] > 0 {
                let column = lpIndex[Int(columnOf[v][0])]
                if vehicle.maxCurrentA < minimum {
                    glp_set_col_bnds(lp, column, GLP_FX, 0, 0)
                    continue
                }
                let cap = min(vehicle.maxCurrentA, vehicle.energyKWh / max(1e-9, vehicle.kilowattsPerAmp * hours))
                let switchColumn = glp_add_cols(lp, 1)
                glp_set_col_kind(lp, switchColumn, GLP_BV)
                let rows = glp_add_rows(lp, 2)
                var columns: [Int32] = [0, column, switchColumn]
                var low: [Double] = [0, 1, -min(minimum, cap)]
                glp_set_mat_row(lp, rows, 2, &columns, &low)
                glp_set_row_bnds(lp, rows, GLP_LO, 0, 0)
                var high: [Double] = [0, 1, -vehicle.maxCurrentA]
                glp_set_mat_row(lp, rows + 1, 2, &columns, &high)
                glp_set_row_bnds(lp, rows + 1, GLP_UP, 0, 0)
            }
            _ = try resolve(lp, method: method, first: GLP_PRIMAL, timeLimit: timeLimitMilliseconds, iterationLimit: nil)
            var parameters = glp_iocp()
            glp_init_iocp(&parameters)
            parameters.msg_lev = GLP_MSG_OFF
            parameters.tm_lim = timeLimitMilliseconds
            parameters.mip_gap = 1e-6
            let code = glp_intopt(lp, &parameters)
            let status = glp_mip_status(lp)
            guard code == 0 || code == GLP_ETMLIM || code == GLP_EMIPGAP, status == GLP_OPT || status == GLP_FEAS else {
                throw LinearProgramError(reason: "GLPK found no integer plan for the minimum current (code \(code), status \(status))")
            }
            integral = true
        }
        let rowCountFinal = glp_get_num_rows(lp)
        let columnCount = candidateOf.count - 1

        var energy = 0.0
        let currents = problem.vehicles.enumerated().map { v, vehicle in
            problem.slots.indices.map { s -> Double in
                guard columnOf[v][s] > 0 else { return 0 }
                let value = integral ? glp_mip_col_val(lp, lpIndex[Int(columnOf[v][s])]) : primal(Int(columnOf[v][s]))
                let current = min(vehicle.maxCurrentA, max(0, value))
                energy += current * vehicle.kilowattsPerAmp * vehicle.presence[s]
                return current
            }
        }
        let objectiveValue = method == .interior ? glp_ipt_obj_val(lp) : integral ? glp_mip_obj_val(lp) : glp_get_obj_val(lp)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        if trace {
            print(
                String(
                    format: "lp: build %.1f ms, solve %.1f ms, %d cols, %d rows (%d at first), %d cut rounds, objective %.4f, %.4f kWh",
                    Double(built - started) / 1e6, Double(DispatchTime.now().uptimeNanoseconds - built) / 1e6, columnCount,
                    Int(rowCountFinal), Int(rowCount), cutRounds, objectiveValue, energy)
            )
        }
        return AllocationSolution(
            currents: currents, objective: objectiveValue, energyKWh: energy, columns: columnCount,
            rows: Int(rowCountFinal), milliseconds: elapsed)
    }

    /// GLPK's interior-point method, quiet, with its failure as a typed error.
    private static func solveInterior(_ lp: OpaquePointer) throws(LinearProgramError) {
        var parameters = glp_iptcp()
        glp_init_iptcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        let environment = Self.environment
        if environment["BUSBAR_LP_SCALE"] != nil { glp_scale_prob(lp, GLP_SF_AUTO) }
        if environment["BUSBAR_LP_MSG"] != nil { parameters.msg_lev = GLP_MSG_ALL; glp_term_out(GLP_ON) }
        let code = glp_interior(lp, &parameters)
        guard code == 0, glp_ipt_status(lp) == GLP_OPT else {
            throw LinearProgramError(reason: "GLPK interior point failed (code \(code), status \(glp_ipt_status(lp)))")
        }
    }

    /// Re-solves from the current basis after polygon sides were added (`first`: the dual simplex
    /// from an optimal basis, the primal from a stopped one); true when it ended optimal.
    private static func resolve(
        _ lp: OpaquePointer, method: SolverMethod, first: Int32, timeLimit: Int32, iterationLimit: Int32?
    ) throws(LinearProgramError) -> Bool {
        if method == .interior {
            try solveInterior(lp)
            return true
        }
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = timeLimit
        parameters.meth = first
        var code = simplex(lp, &parameters, iterationLimit: iterationLimit)
        if code == GLP_EITLIM { return false }
        if code != 0 || glp_get_status(lp) != GLP_OPT {
            parameters.meth = GLP_PRIMAL
            glp_adv_basis(lp, 0)
            code = simplex(lp, &parameters, iterationLimit: iterationLimit)
            if code == GLP_EITLIM { return false }
        }
        guard code == 0, glp_get_status(lp) == GLP_OPT else {
            throw LinearProgramError(
                reason: "GLPK simplex found no optimum after adding polygon sides (code \(code), status \(glp_get_status(lp)))")
        }
        return true
    }

    /// glp_simplex under an iteration limit: stopping there is accepted only with a feasible
    /// basis (GLP_EITLIM returned); a limit reached before feasibility goes on without one.
    private static func simplex(_ lp: OpaquePointer, _ parameters: inout glp_smcp, iterationLimit: Int32?) -> Int32 {
        guard let iterationLimit else { return glp_simplex(lp, &parameters) }
        parameters.it_lim = iterationLimit
        let code = glp_simplex(lp, &parameters)
        parameters.it_lim = Int32.max
        guard code == GLP_EITLIM else { return code }
        if glp_get_status(lp) == GLP_FEAS { return GLP_EITLIM }
        return glp_simplex(lp, &parameters)
    }

    private static func run(
        _ lp: OpaquePointer, method: SolverMethod, warmStart: WarmStart?, columnKeys: [WarmStart.ColumnKey],
        rowKeys: [WarmStart.RowKey], crash: [Int32], crashRows: [Int32], crashLowerRows: [Int32] = [], timeLimit: Int32,
        iterationLimit: Int32?
    ) throws(LinearProgramError) -> Bool {
        func crashBasis() {
            glp_std_basis(lp)
            for (index, status) in crash.enumerated() where status != GLP_NL { glp_set_col_stat(lp, Int32(index + 1), status) }
            for row in crashRows { glp_set_row_stat(lp, row, GLP_NU) }
            for row in crashLowerRows { glp_set_row_stat(lp, row, GLP_NL) }
        }
        if method == .interior {
            try solveInterior(lp)
            return true
        }
        var warm = false
        let environment = Self.environment
        if environment["BUSBAR_LP_NOCRASH"] == nil { crashBasis() }
        if let warmStart, !warmStart.columns.isEmpty {
            // Known rows and columns keep their status; new rows start basic, new columns at 0.
            // The shift of the horizon removes some basic columns and non-basic rows: the count
            // of basics is then mended (a non-basic row made basic, or a basic column set to 0),
            // and GLPK's own check sends a singular result to glp_adv_basis.
            let rows = rowKeys.count
            var rowStatus = rowKeys.map { warmStart.rows[$0] ?? GLP_BS }
            var columnStatus = columnKeys.map { warmStart.columns[$0] ?? GLP_NL }
            var basic = rowStatus.filter { $0 == GLP_BS }.count + columnStatus.filter { $0 == GLP_BS }.count
            // A vanished basic column (the slot that just passed) only met its EV's energy and
            // fairness rows outside that slot: one of those rows takes its place in the basis
            // (energy first), so the rest of the basis stays as regular as it was.
            let present = Set(columnKeys)
            var orphaned: [String: Int] = [:]
            for (key, status) in warmStart.columns where status == GLP_BS && !present.contains(key) { orphaned[key.need, default: 0] += 1 }
            for (row, key) in rowKeys.enumerated() where basic < rows && rowStatus[row] != GLP_BS {
                let need: String
                switch key {
                case .energy(let id), .fairness(let id): need = id
                default: continue
                }
                guard let count = orphaned[need], count > 0 else { continue }
                orphaned[need] = count - 1
                rowStatus[row] = GLP_BS
                basic += 1
            }
            for (row, _) in rowKeys.enumerated() where basic < rows && rowStatus[row] != GLP_BS {
                rowStatus[row] = GLP_BS
                basic += 1
            }
            if environment["BUSBAR_LP_TRACE"] != nil {
                print(
                    "warm: \(rows) rows, \(rowStatus.filter { $0 == GLP_BS }.count) basic rows, \(columnStatus.filter { $0 == GLP_BS }.count) basic columns, \(orphaned.values.reduce(0, +)) orphans left"
                )
            }
            var index = columnStatus.count - 1
            while basic > rows && index >= 0 {
                if columnStatus[index] == GLP_BS { columnStatus[index] = GLP_NL; basic -= 1 }
                index -= 1
            }
            for (row, status) in rowStatus.enumerated() { glp_set_row_stat(lp, Int32(row + 1), status) }
            for (column, status) in columnStatus.enumerated() { glp_set_col_stat(lp, Int32(column + 1), status) }
            warm = basic == rows
            if !warm { crashBasis() }
        }
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = timeLimit
        parameters.meth = method == .dual ? GLP_DUALP : GLP_PRIMAL
        // Profiling knobs (docs/benchmarks.md): ratio test, pricing, scaling, GLPK's own log.
        if let test = environment["BUSBAR_LP_RTEST"] {
            parameters.r_test = test == "std" ? GLP_RT_STD : test == "flip" ? GLP_RT_FLIP : GLP_RT_HAR
        }
        if environment["BUSBAR_LP_PRICING"] == "std" { parameters.pricing = GLP_PT_STD }
        if environment["BUSBAR_LP_SCALE"] != nil { glp_scale_prob(lp, GLP_SF_AUTO) }
        if environment["BUSBAR_LP_MSG"] != nil { parameters.msg_lev = GLP_MSG_ON; glp_term_out(GLP_ON) }
        var code = simplex(lp, &parameters, iterationLimit: iterationLimit)
        if environment["BUSBAR_LP_TRACE"] != nil { print("warm \(warm) code \(code)") }
        // A shifted basis can also be regular but so ill-conditioned that a refactorization fails.
        if code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND || (warm && code == GLP_EFAIL) {
            warm = false
            crashBasis()
            code = simplex(lp, &parameters, iterationLimit: iterationLimit)
        }
        warmStart?.record(warm: warm)
        if code == GLP_EITLIM { return false }
        guard code == 0, glp_get_status(lp) == GLP_OPT else {
            throw LinearProgramError(reason: "GLPK simplex found no optimum (code \(code), status \(glp_get_status(lp)))")
        }
        return true
    }
}
