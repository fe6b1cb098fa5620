/// Why generation stopped, phrased so the fix is obvious (which file, which definition, what to change).
enum CodegenError: Error, CustomStringConvertible {
    case usage
    case unreadable(path: String, reason: String)
    case invalidJSON(file: String, offset: Int, reason: String)
    case unsupportedSchema(file: String, path: String, reason: String)
    case unpairedMessage(action: String, missing: String)
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case .usage:
            "usage: busbar-codegen <schemas-dir> <output-dir>\n"
                + "  e.g. swift run busbar-codegen Schemas/ocpp-2.0.1 Sources/OCPP/Generated"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .invalidJSON(let file, let offset, let reason):
            "\(file): invalid JSON at byte \(offset): \(reason)"
        case .unsupportedSchema(let file, let path, let reason):
            "\(file) at \(path): \(reason) — extend busbar-codegen to support it"
        case .unpairedMessage(let action, let missing):
            "action \(action) has no \(missing).json; every action needs both a Request and a Response schema"
        case .unwritable(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
