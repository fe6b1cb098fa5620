import CGLPK

/// Facts about the linked GLPK that the energy manager relies on. GLPK is not thread safe, but
/// Debian's build keeps its environment per thread (`glp_config("TLS")`), which is what lets
/// self-contained solves run on several threads at once (../shared/STACK-NOTES.md).
public enum GLPKEnvironment {
    /// The linked GLPK version, e.g. "5.0".
    public static var version: String {
        String(cString: glp_version())
    }

    /// Whether GLPK keeps its environment in thread-local storage; the server refuses to plan
    /// concurrently without it.
    public static var hasThreadLocalEnvironment: Bool {
        glp_config("TLS") != nil
    }
}
