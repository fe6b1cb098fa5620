import Foundation
import Testing

/// Issue #10: the connection limits can be set in `--config` as well as on the command line, and
/// a bad value stops `serve` with a message naming the member.
@Suite("busbar serve --config: the connection limits")
struct ConfigurationFileTests {
    @Test("a non-positive limit in the configuration file stops serve, naming the member", arguments: [
        (#"{"maxQueuedRequests": 0}"#, "maxQueuedRequests must be positive"),
        (#"{"handshakeTimeout": -1}"#, "handshakeTimeout must be seconds"),
        (#"{"maxPendingPerAddress": 0}"#, "maxPendingPerAddress must be positive"),
        (#"{"minimumPlanInterval": 0}"#, "minimumPlanInterval must be seconds"),
    ])
    func badLimitIsRefused(_ json: String, _ message: String) throws {
        let executable = try #require(BusbarExecutable.path, "the busbar executable is built beside the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busbar-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("busbar.json")
        try json.write(to: config, atomically: true, encoding: .utf8)
        do {
            _ = try BusbarExecutable.runToCompletion(
                executable, ["serve", "--config", config.path, "--data-dir", folder.appendingPathComponent("data").path],
                workingDirectory: folder.path)
            Issue.record("serve started with \(json)")
        } catch let error as ChildProcessError {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}
