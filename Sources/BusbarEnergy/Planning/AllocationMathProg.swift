import CGLPK
import Foundation

/// Solves an `AllocationProblem` with GLPK's MathProg translator on `Models/allocation.mod` and a
/// generated data section, in-process: the check that the readable model and the C-API builder
/// state the same LP.
public enum AllocationMathProg {
    /// The data section for `problem`.
    public static func dataSection(_ problem: AllocationProblem) -> String {
        func number(_ value: Double) -> String { String(format: "%.17g", value) }
        let vehicles = problem.vehicles.indices
        let slots = problem.slots.indices
        let first = problem.slots[0].start
        let span = max(1, problem.slots[problem.slots.count - 1].end.timeIntervalSince(first))
        var out = "data;\n"
        out += "set V := \(vehicles.map { "v\($0)" }.joined(separator: " "));\n"
        out += "set S := \(slots.map { "s\($0)" }.joined(separator: " "));\n"
        out += "set C := \((0..<problem.checkpointCount).map { "c\($0)" }.joined(separator: " "));\n"
        out += "param hours default 0 :=\n"
        for v in vehicles {
            for s in slots where problem.vehicles[v].presence[s] > 0 { out += "v\(v) s\(s) \(number(problem.vehicles[v].presence[s]))\n" }
        }
        out += ";\n"
        out += "param : kwa ub hasNeed need weight reach :=\n"
        for v in vehicles {
            let vehicle = problem.vehicles[v]
            let finite = vehicle.energyKWh.isFinite
            out +=
                "v\(v) \(number(vehicle.kilowattsPerAmp)) \(number(vehicle.maxCurrentA)) \(finite ? 1 : 0) \(finite ? number(vehicle.energyKWh) : "0") \(number(vehicle.weight)) \(number(problem.reachable(vehicle: v)))\n"
        }
        out += ";\n"
        out += "param : mid K :=\n"
        for s in slots {
            let slot = problem.slots[s]
            let middle = slot.start.timeIntervalSince(first) + slot.end.timeIntervalSince(slot.start) / 2
            out += "s\(s) \(number(middle)) \(slot.polygonOrder)\n"
        }
        out += ";\n"
        out += "param span := \(number(span));\nparam eps := \(number(problem.earliness));\nparam lambda := \(number(problem.fairness));\n"
        out += "param lambdaSlot := \(number(problem.slotFairness));\n"
        out += "param fcap default 0 :=\n"
        for v in vehicles {
            for s in slots where problem.fairnessCap(vehicle: v, slot: s) > 0 {
                out += "v\(v) s\(s) \(number(problem.fairnessCap(vehicle: v, slot: s)))\n"
            }
        }
        out += ";\n"
        out += "param touches :=\n"
        var cre = "param cre :=\n", cim = "param cim :=\n"
        for v in vehicles {
            for entry in problem.vehicles[v].coefficients {
                out += "v\(v) c\(entry.checkpoint) 1\n"
                for line in 0..<3 {
                    cre += "v\(v) c\(entry.checkpoint) \(line) \(number(entry.lines[line].re))\n"
                    cim += "v\(v) c\(entry.checkpoint) \(line) \(number(entry.lines[line].im))\n"
                }
            }
        }
        out += ";\n" + cre + ";\n" + cim + ";\n"
        out += "param : LIM : M bre bim :=\n"
        for limit in problem.lineLimits {
            out +=
                "c\(limit.checkpoint) \(limit.line) s\(limit.slot) \(number(limit.limitA)) \(number(limit.base.re)) \(number(limit.base.im))\n"
        }
        out += ";\n"
        out += "param : PW : PL PB :=\n"
        for limit in problem.powerLimits { out += "c\(limit.checkpoint) s\(limit.slot) \(number(limit.limitKW)) \(number(limit.baseKW))\n" }
        out += ";\nend;\n"
        return out
    }

    /// The optimum objective value of `problem` through the translator on the model at `modelPath`.
    public static func solve(_ problem: AllocationProblem, modelPath: String) throws(LinearProgramError) -> Double {
        glp_term_out(GLP_OFF)
        let dataPath = NSTemporaryDirectory() + "busbar-allocation-\(UUID().uuidString).dat"
        guard FileManager.default.createFile(atPath: dataPath, contents: Data(dataSection(problem).utf8)) else {
            throw LinearProgramError(reason: "cannot write the data section to \(dataPath)")
        }
        defer { try? FileManager.default.removeItem(atPath: dataPath) }
        guard let translator = glp_mpl_alloc_wksp() else { throw LinearProgramError(reason: "GLPK could not allocate a translator") }
        defer { glp_mpl_free_wksp(translator) }
        guard glp_mpl_read_model(translator, modelPath, 1) == 0 else {
            throw LinearProgramError(reason: "MathProg could not read \(modelPath)")
        }
        guard glp_mpl_read_data(translator, dataPath) == 0 else {
            throw LinearProgramError(reason: "MathProg could not read the generated data")
        }
        guard glp_mpl_generate(translator, nil) == 0 else { throw LinearProgramError(reason: "MathProg could not generate the model") }
        guard let lp = glp_create_prob() else { throw LinearProgramError(reason: "GLPK could not allocate a problem") }
        defer { glp_delete_prob(lp) }
        glp_mpl_build_prob(translator, lp)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        // No presolver: on the campus site GLPK 5.0's presolved solve stopped 2e-5 short of the optimum.
        let code = glp_simplex(lp, &parameters)
        guard code == 0, glp_get_status(lp) == GLP_OPT else {
            throw LinearProgramError(reason: "the MathProg model found no optimum (code \(code), status \(glp_get_status(lp)))")
        }
        return glp_get_obj_val(lp)
    }
}
