import Synchronization

/// Samples the server's RSS once a second so the report has a peak for the run itself (VmHWM covers
/// the server's whole life, which may include earlier runs).
final class ServerMemorySampler: Sendable {
    private let pid: Int32?
    private let peak = Mutex(0)

    init(pid: Int32?) {
        self.pid = pid
    }

    /// Highest RSS seen, in KiB (0 without a PID).
    var peakKiB: Int { peak.withLock { $0 } }

    func run() async {
        guard let pid else { return }
        while !Task.isCancelled {
            if let memory = ProcessProbe.memory(pid: pid) {
                peak.withLock { $0 = max($0, memory.residentKiB) }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
