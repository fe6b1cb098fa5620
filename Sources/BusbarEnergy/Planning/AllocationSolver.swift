import CGLPK
import Foundation

/// Builds the allocation LP through GLPK's C API and solves it, in one synchronous call on the
/// calling thread (create, solve, delete: a `glp_prob` never crosses an `await`). Rows that cannot
/// bind — their largest possible left side is under the bound — are dropped: exact, and smaller.
public enum AllocationSolver {
    /// Solves `problem`; `needIDs` key the warm-start basis; throws when GLPK finds no optimum.
    public static func solve(
        _ problem: AllocationProblem, needIDs: [String] = [], method: SolverMethod = .primal,
        warmStart: WarmStart? = nil, timeLimitMilliseconds: Int32 = 60_000,
        mpsPath: String? = nil
    ) throws(LinearProgramError) -> AllocationSolution {
        let started = DispatchTime.now().uptimeNanoseconds
        // glp_adv_basis and the translator print even with msg_lev off: silence this thread's GLPK.
        glp_term_out(GLP_OFF)
        var columnOf: [[Int32]] = problem.vehicles.map { [Int32](repeating: 0, count: $0.presence.count) }
        var columnKeys: [WarmStart.ColumnKey] = []
        var objective: [Double] = [0]
        var upper: [Double] = [0]
        for (v, vehicle) in problem.vehicles.enumerated() {
            for s in problem.slots.indices where vehicle.presence[s] > 0 {
                objective.append(problem.objective(vehicle: v, slot: s))
                upper.append(vehicle.maxCurrentA)
                columnOf[v][s] = Int32(objective.count - 1)
                if !needIDs.isEmpty {
                    columnKeys.append(.init(need: needIDs[vehicle.need], slotStart: problem.slots[s].start.timeIntervalSince1970))
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
            if !needIDs.isEmpty { columnKeys.append(.init(need: "", slotStart: -1)) }
        }
        // Rows, as sparse triplets (1-based, GLPK's convention; index 0 unused).
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        var rowLower: [Double?] = [], rowUpper: [Double?] = []
        var rowKeys: [WarmStart.RowKey] = []
        func addRow(_ terms: [(Int32, Double)], lower: Double?, upper: Double?, key: @autoclosure () -> WarmStart.RowKey) {
            let row = Int32(rowLower.count + 1)
            for (column, value) in terms where value != 0 {
                ia.append(row); ja.append(column); ar.append(value)
            }
            rowLower.append(lower); rowUpper.append(upper)
            if warmStart != nil { rowKeys.append(key()) }
        }
        for (v, vehicle) in problem.vehicles.enumerated() {
            let id = needIDs.isEmpty ? "\(v)" : needIDs[vehicle.need]
            let terms = problem.slots.indices.compactMap { s -> (Int32, Double)? in
                columnOf[v][s] > 0 ? (columnOf[v][s], vehicle.kilowattsPerAmp * vehicle.presence[s]) : nil
            }
            if vehicle.energyKWh.isFinite && vehicle.maxCurrentA * terms.reduce(0, { $0 + $1.1 }) > vehicle.energyKWh {
                addRow(terms, lower: nil, upper: vehicle.energyKWh, key: .energy(id))
            }
            if let fairColumn, reach[v] > 1e-9 {
                addRow(terms + [(fairColumn, -reach[v])], lower: 0, upper: nil, key: .fairness(id))
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
                line.included.insert(side)
                addRow(
                    terms, lower: nil, upper: bound,
                    key: .line(checkpoint: line.checkpoint, line: line.line, slotStart: line.slotStart, side: side, order: order))
            }
            lines.append(line)
        }
        for limit in problem.powerLimits {
            let present = touching[limit.checkpoint].filter { columnOf[$0.vehicle][limit.slot] > 0 }
            let bound = limit.limitKW - limit.baseKW
            let terms = present.map { (columnOf[$0.vehicle][limit.slot], problem.vehicles[$0.vehicle].kilowattsPerAmp) }
            let most = present.reduce(0) { $0 + problem.vehicles[$1.vehicle].kilowattsPerAmp * problem.vehicles[$1.vehicle].maxCurrentA }
            if present.isEmpty || most <= bound + 1e-9 { continue }
            addRow(
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
        let columnCount = Int32(objective.count - 1)
        glp_add_cols(lp, columnCount)
        for column in 1...Int(columnCount) {
            glp_set_obj_coef(lp, Int32(column), objective[column])
            glp_set_col_bnds(lp, Int32(column), GLP_DB, 0, upper[column])
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
            glp_load_matrix(lp, Int32(ar.count - 1), &ia, &ja, &ar)
        }
        if let mpsPath { glp_write_mps(lp, GLP_MPS_FILE, nil, mpsPath) }
        let built = DispatchTime.now().uptimeNanoseconds
        // A cold start begins where a greedy controller would be: every EV at its maximum from
        // now until its energy is met (columns at their upper bound), all rows basic; the primal
        // simplex then only repairs the rows this overloads instead of building up from zero.
        var crash = [Int32](repeating: GLP_NL, count: Int(columnCount))
        for (v, vehicle) in problem.vehicles.enumerated() {
            var left = vehicle.energyKWh
            for s in problem.slots.indices where columnOf[v][s] > 0 {
                let energy = vehicle.kilowattsPerAmp * vehicle.presence[s] * vehicle.maxCurrentA
                guard energy <= left + 1e-12 else { break }
                crash[Int(columnOf[v][s]) - 1] = GLP_NU
                left -= energy
            }
        }
        try run(
            lp, method: method, warmStart: warmStart, columnKeys: columnKeys, rowKeys: rowKeys, crash: crash,
            timeLimit: timeLimitMilliseconds)
        var rounds = 0
        while rounds < 100 {
            let primal: (Int32) -> Double = method == .interior ? { glp_ipt_col_prim(lp, $0) } : { glp_get_col_prim(lp, $0) }
            var added = 0
            for index in lines.indices {
                var z = lines[index].base
                for term in lines[index].terms { z = z + term.coefficient * primal(term.column) }
                let side = lines[index].nearestSide(to: z)
                guard !lines[index].included.contains(side), lines[index].canBind(side: side) else { continue }
                let (terms, bound) = lines[index].row(side: side)
                guard z.projected(on: lines[index].angle(side)) > bound + 1e-9 * max(1, lines[index].radius) else { continue }
                lines[index].included.insert(side)
                let row = glp_add_rows(lp, 1)
                var columns: [Int32] = [0] + terms.map(\.0)
                var values: [Double] = [0] + terms.map(\.1)
                glp_set_mat_row(lp, row, Int32(terms.count), &columns, &values)
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
            rounds += 1
            try resolve(lp, method: method, timeLimit: timeLimitMilliseconds)
        }
        let rowCountFinal = glp_get_num_rows(lp)

        let value: (Int32) -> Double = method == .interior ? { glp_ipt_col_prim(lp, $0) } : { glp_get_col_prim(lp, $0) }
        var energy = 0.0
        let currents = problem.vehicles.enumerated().map { v, vehicle in
            problem.slots.indices.map { s -> Double in
                guard columnOf[v][s] > 0 else { return 0 }
                let current = min(vehicle.maxCurrentA, max(0, value(columnOf[v][s])))
                energy += current * vehicle.kilowattsPerAmp * vehicle.presence[s]
                return current
            }
        }
        let objectiveValue = method == .interior ? glp_ipt_obj_val(lp) : glp_get_obj_val(lp)
        if let warmStart, method != .interior {
            warmStart.columns.removeAll(keepingCapacity: true)
            warmStart.rows.removeAll(keepingCapacity: true)
            for (index, key) in columnKeys.enumerated() { warmStart.columns[key] = glp_get_col_stat(lp, Int32(index + 1)) }
            // Basic polygon rows were slack: leaving them out of the next LP keeps its basis valid.
            for (index, key) in rowKeys.enumerated() {
                let status = glp_get_row_stat(lp, Int32(index + 1))
                if case .line = key, status == GLP_BS { continue }
                warmStart.rows[key] = status
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        if ProcessInfo.processInfo.environment["BUSBAR_LP_TRACE"] != nil {
            print(
                String(
                    format: "lp: build %.1f ms, solve %.1f ms, %d cols, %d rows (%d at first), %d rounds", Double(built - started) / 1e6,
                    Double(DispatchTime.now().uptimeNanoseconds - built) / 1e6, Int(columnCount), Int(rowCountFinal), Int(rowCount), rounds)
            )
        }
        return AllocationSolution(
            currents: currents, objective: objectiveValue, energyKWh: energy, columns: Int(columnCount),
            rows: Int(rowCountFinal), milliseconds: elapsed)
    }

    /// GLPK's interior-point method, quiet, with its failure as a typed error.
    private static func solveInterior(_ lp: OpaquePointer) throws(LinearProgramError) {
        var parameters = glp_iptcp()
        glp_init_iptcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        let code = glp_interior(lp, &parameters)
        guard code == 0, glp_ipt_status(lp) == GLP_OPT else {
            throw LinearProgramError(reason: "GLPK interior point failed (code \(code), status \(glp_ipt_status(lp)))")
        }
    }

    /// Re-solves after rows were added: the basis stays valid and dual feasible, so dual simplex.
    private static func resolve(_ lp: OpaquePointer, method: SolverMethod, timeLimit: Int32) throws(LinearProgramError) {
        if method == .interior {
            try solveInterior(lp)
            return
        }
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = timeLimit
        parameters.meth = GLP_DUALP
        var code = glp_simplex(lp, &parameters)
        if code != 0 || glp_get_status(lp) != GLP_OPT {
            parameters.meth = GLP_PRIMAL
            glp_adv_basis(lp, 0)
            code = glp_simplex(lp, &parameters)
        }
        guard code == 0, glp_get_status(lp) == GLP_OPT else {
            throw LinearProgramError(
                reason: "GLPK simplex found no optimum after adding polygon sides (code \(code), status \(glp_get_status(lp)))")
        }
    }

    private static func run(
        _ lp: OpaquePointer, method: SolverMethod, warmStart: WarmStart?, columnKeys: [WarmStart.ColumnKey],
        rowKeys: [WarmStart.RowKey], crash: [Int32], timeLimit: Int32
    ) throws(LinearProgramError) {
        func crashBasis() {
            glp_std_basis(lp)
            for (index, status) in crash.enumerated() where status == GLP_NU { glp_set_col_stat(lp, Int32(index + 1), GLP_NU) }
        }
        if method == .interior {
            try solveInterior(lp)
            return
        }
        var warm = false
        if ProcessInfo.processInfo.environment["BUSBAR_LP_NOCRASH"] == nil { crashBasis() }
        if let warmStart, !warmStart.columns.isEmpty {
            // Known rows and columns keep their status; new rows start basic, new columns at 0.
            // The shift of the horizon removes some basic columns and non-basic rows: the count
            // of basics is then mended (a non-basic row made basic, or a basic column set to 0),
            // and GLPK's own check sends a singular result to glp_adv_basis.
            let rows = rowKeys.count
            var rowStatus = rowKeys.map { warmStart.rows[$0] ?? GLP_BS }
            var columnStatus = columnKeys.map { warmStart.columns[$0] ?? GLP_NL }
            var basic = rowStatus.filter { $0 == GLP_BS }.count + columnStatus.filter { $0 == GLP_BS }.count
            // A vanished basic column (the slot that just passed) hands its place to its EV's
            // energy row, then fairness row: the rows it was most tied to.
            let present = Set(columnKeys)
            let orphaned = Set(warmStart.columns.compactMap { key, status in status == GLP_BS && !present.contains(key) ? key.need : nil })
            for pass in 0..<3 where basic < rows {
                for (row, key) in rowKeys.enumerated() where basic < rows && rowStatus[row] != GLP_BS {
                    let preferred: Bool
                    switch key {
                    case .energy(let need): preferred = pass > 0 || orphaned.contains(need)
                    case .fairness(let need): preferred = pass > 1 || (pass > 0 && orphaned.contains(need))
                    default: preferred = pass > 1
                    }
                    if preferred { rowStatus[row] = GLP_BS; basic += 1 }
                }
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
        var code = glp_simplex(lp, &parameters)
        if ProcessInfo.processInfo.environment["BUSBAR_LP_TRACE"] != nil { print("warm \(warm) code \(code)") }
        if code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND {
            warm = false
            crashBasis()
            code = glp_simplex(lp, &parameters)
        }
        warmStart?.record(warm: warm)
        guard code == 0, glp_get_status(lp) == GLP_OPT else {
            throw LinearProgramError(reason: "GLPK simplex found no optimum (code \(code), status \(glp_get_status(lp)))")
        }
    }
}
