import ArgumentParser
import BusbarEnergy

/// `busbar-energy-bench` — plan time of the allocation LP (placeholder until the planner lands).
@main
struct EnergyBenchCommand: ParsableCommand {
    func run() throws { print(GLPKEnvironment.version) }
}
