import ArgumentParser

/// `busbar` — the Busbar CSMS command line.
@main
struct BusbarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busbar",
        abstract: "Busbar — an OCPP 2.0.1 CSMS with a grid-aware energy manager.",
        subcommands: [
            ServeCommand.self, StationsCommand.self, TokensCommand.self, KeysCommand.self, SimulateStationCommand.self,
            SimulateCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}
