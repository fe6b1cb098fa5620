import ServiceLifecycle

/// Looks at the sites directory every `interval` and hands changed files to the registry, so an
/// edit of a capacity file is in force within about that long without a restart. Polling rather
/// than inotify: it works the same on every file system (bind mounts, network shares).
struct SiteFileWatcher: Service {
    let registry: SiteRegistry
    let interval: Duration

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    await registry.rescan()
                }
            }
        } catch is CancellationError {
            // Shutdown: nothing to flush, the registry holds no unsaved state.
        }
    }
}
