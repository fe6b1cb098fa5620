import CGLPK

/// A small linear program in the form GLPK solves: maximize or minimize `objective · x` subject to
/// row bounds on `A x` and column bounds on `x`. Validated in Swift before GLPK sees it, because
/// GLPK aborts the whole process on invalid input.
public struct LinearProgram: Sendable, Hashable {
    /// Bounds of a row or column; `nil` on a side means unbounded there.
    public struct Bounds: Sendable, Hashable {
        public var lower: Double?
        public var upper: Double?
        /// Creates bounds.
        public init(lower: Double? = nil, upper: Double? = nil) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// Direction of optimisation.
    public enum Direction: Sendable, Hashable { case minimize, maximize }

    public var direction: Direction
    /// One coefficient per column.
    public var objective: [Double]
    public var columnBounds: [Bounds]
    /// Dense constraint matrix, one row per constraint, one entry per column.
    public var rows: [[Double]]
    public var rowBounds: [Bounds]

    /// Creates a program.
    public init(direction: Direction, objective: [Double], columnBounds: [Bounds], rows: [[Double]], rowBounds: [Bounds]) {
        self.direction = direction
        self.objective = objective
        self.columnBounds = columnBounds
        self.rows = rows
        self.rowBounds = rowBounds
    }
}

/// Why a program was not solved.
public struct LinearProgramError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String
    public var description: String { reason }
}

extension LinearProgram {
    /// Solves with GLPK's simplex in one synchronous call (create, solve, delete on this thread:
    /// a `glp_prob` must never cross an `await`). Returns the optimal column values.
    public func solve(timeLimitMilliseconds: Int32 = 1_000) throws(LinearProgramError) -> (objective: Double, values: [Double]) {
        try validate()
        guard let problem = glp_create_prob() else { throw LinearProgramError(reason: "GLPK could not allocate a problem") }
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, direction == .maximize ? GLP_MAX : GLP_MIN)
        let columnCount = Int32(objective.count)
        glp_add_cols(problem, columnCount)
        for (index, coefficient) in objective.enumerated() {
            let column = Int32(index + 1)
            glp_set_obj_coef(problem, column, coefficient)
            Self.setBounds(columnBounds[index]) { glp_set_col_bnds(problem, column, $0, $1, $2) }
        }
        if !rows.isEmpty {
            glp_add_rows(problem, Int32(rows.count))
            var rowIndices: [Int32] = [0]
            var columnIndices: [Int32] = [0]
            var values: [Double] = [0]
            for (rowIndex, row) in rows.enumerated() {
                Self.setBounds(rowBounds[rowIndex]) { glp_set_row_bnds(problem, Int32(rowIndex + 1), $0, $1, $2) }
                for (columnIndex, value) in row.enumerated() where value != 0 {
                    rowIndices.append(Int32(rowIndex + 1))
                    columnIndices.append(Int32(columnIndex + 1))
                    values.append(value)
                }
            }
            glp_load_matrix(problem, Int32(values.count - 1), &rowIndices, &columnIndices, &values)
        }
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.tm_lim = timeLimitMilliseconds
        let code = glp_simplex(problem, &parameters)
        guard code == 0 else { throw LinearProgramError(reason: "GLPK simplex failed with code \(code)") }
        let status = glp_get_status(problem)
        guard status == GLP_OPT else {
            throw LinearProgramError(
                reason: status == GLP_NOFEAS ? "no feasible allocation" : "no optimal solution (GLPK status \(status))")
        }
        let values = (0..<Int(columnCount)).map { glp_get_col_prim(problem, Int32($0 + 1)) }
        return (glp_get_obj_val(problem), values)
    }

    private func validate() throws(LinearProgramError) {
        guard !objective.isEmpty else { throw LinearProgramError(reason: "a program needs at least one column") }
        guard columnBounds.count == objective.count else { throw LinearProgramError(reason: "one column bound per objective coefficient") }
        guard rowBounds.count == rows.count else { throw LinearProgramError(reason: "one row bound per row") }
        guard rows.allSatisfy({ $0.count == objective.count }) else {
            throw LinearProgramError(reason: "every row needs one entry per column")
        }
        let numbers = objective + rows.flatMap { $0 } + (columnBounds + rowBounds).flatMap { [$0.lower, $0.upper].compactMap { $0 } }
        guard numbers.allSatisfy(\.isFinite) else { throw LinearProgramError(reason: "coefficients and bounds must be finite") }
    }

    private static func setBounds(_ bounds: Bounds, _ set: (Int32, Double, Double) -> Void) {
        switch (bounds.lower, bounds.upper) {
        case (nil, nil): set(GLP_FR, 0, 0)
        case (let lower?, nil): set(GLP_LO, lower, 0)
        case (nil, let upper?): set(GLP_UP, 0, upper)
        case (let lower?, let upper?): set(lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
    }
}
