import ArgumentParser
import BusbarEnergy
import Foundation

/// `busbar simulate` — replays a sessions file through the energy manager's scheduler in
/// simulated time and compares it with the offline optimum of the same model (issue #11, item 7).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Replay charging sessions on a site through the scheduler; compare with the offline optimum.",
        discussion: """
            Sessions CSV: session_id,station_id,arrival,departure,energy_kwh,max_kw,phases[,evse_id] (ISO 8601 times).
            The replay re-plans every slot knowing only the EVs plugged in; the offline optimum knows every session.
            """)

    @Option(help: "The site capacity file (YAML).") var site: String
    @Option(help: "The sessions CSV file.") var sessions: String
    @Option(help: "Slot length in minutes (5 works; default 15).") var slotMinutes = 15
    @Flag(help: "Print one JSON object instead of text.") var json = false
    @Option(help: "Write session_id,start,end,current_a per slot to this CSV file.") var scheduleOut: String?
    @Option(help: "Fine slots before the re-plan grid coarsens to 15 and 60 minutes (0 = all fine).") var fineSlots = 12
    @Flag(help: "Skip the offline optimum (faster).") var noOffline = false
    @Option(help: "Method for the offline LP: primal, dual or interior.") var offlineMethod = "primal"
    @Option(help: "Override the site's fairness weight λ (0 = energy only), to measure what fairness costs.") var fairnessWeight: Double?
    @Option(help: "Override the site's minimum current (0 = no repair pass), to measure what the rule costs.") var minCurrentA: Double?

    func run() throws {
        guard slotMinutes >= 1, slotMinutes <= 60 else { throw ValidationError("--slot-minutes must be between 1 and 60") }
        guard let method = SolverMethod(rawValue: offlineMethod) else {
            throw ValidationError("--offline-method must be primal, dual or interior")
        }
        var loaded: Site
        let replayed: [ChargingSession]
        do throws(SiteFileError) {
            loaded = try SiteLoader.load(path: site)
            guard let text = try? String(contentsOfFile: sessions, encoding: .utf8) else {
                throw SiteFileError(file: sessions, path: "", reason: "cannot read the file")
            }
            replayed = try SessionsCSV.parse(text, file: (sessions as NSString).lastPathComponent)
        } catch {
            throw ValidationError(error.description)
        }
        var policy = loaded.effectivePolicy
        if let fairnessWeight { policy.fairnessWeight = fairnessWeight }
        if let minCurrentA { policy.minCurrentA = minCurrentA }
        loaded.policy = policy
        var replay = Replay(site: loaded, sessions: replayed, slotMinutes: slotMinutes)
        replay.fineSlots = fineSlots > 0 ? fineSlots : nil
        replay.offline = !noOffline
        replay.offlineMethod = method
        let report: ReplayReport
        do throws(LinearProgramError) { report = try replay.run() } catch { throw ValidationError("planning failed: \(error.description)") }
        print(json ? report.json : report.text)
        if let scheduleOut {
            guard FileManager.default.createFile(atPath: scheduleOut, contents: Data(report.scheduleCSV.utf8)) else {
                throw ValidationError("cannot write \(scheduleOut)")
            }
        }
        if report.violations > 0 { throw ExitCode(2) }
    }
}
