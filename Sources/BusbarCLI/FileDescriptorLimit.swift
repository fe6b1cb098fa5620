#if canImport(Glibc)
    import Glibc
#endif

/// Each station holds a socket: 10,000 stations need more descriptors than the usual soft limit
/// of 1,024, so `serve` raises the soft limit to the hard limit at start.
enum FileDescriptorLimit {
    /// Raises the soft RLIMIT_NOFILE to the hard limit; returns the limit now in force.
    @discardableResult
    static func raiseToMaximum() -> Int {
        #if canImport(Glibc)
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return -1 }
            if limit.rlim_cur < limit.rlim_max {
                limit.rlim_cur = limit.rlim_max
                _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
                _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            }
            return Int(limit.rlim_cur)
        #else
            return -1
        #endif
    }
}
