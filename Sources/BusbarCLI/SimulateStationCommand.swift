import ArgumentParser

/// `busbar simulate-station` — a simulated charging station (filled in once the simulator lands).
struct SimulateStationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate-station", abstract: "Run a simulated OCPP 2.0.1 charging station against a CSMS.")

    func run() async throws {
        throw ValidationError("the simulator is not wired into the CLI yet")
    }
}
