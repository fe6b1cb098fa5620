extension DecodingError {
    /// The same error seen from the enclosing value: `key` goes in front of the coding path.
    ///
    /// The fast path builds coding paths this way, while the error unwinds, so a successful decode never
    /// allocates path nodes; the cost (one rebuilt context per nesting level) is paid only on failure.
    func prefixed(with key: any CodingKey) -> DecodingError {
        func moved(_ context: Context) -> Context {
            Context(
                codingPath: [key] + context.codingPath, debugDescription: context.debugDescription,
                underlyingError: context.underlyingError)
        }
        switch self {
        case .typeMismatch(let type, let context): return .typeMismatch(type, moved(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, moved(context))
        case .keyNotFound(let missing, let context): return .keyNotFound(missing, moved(context))
        case .dataCorrupted(let context): return .dataCorrupted(moved(context))
        @unknown default: return self
        }
    }
}

extension DecodingError {
    /// What the standard library's `RawRepresentable` decoding throws for a string outside the enum, worded the
    /// same so generated enums report unknown values exactly as their Codable conformance does.
    static func unknownRawValue(_ raw: String, of type: Any.Type) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "Cannot initialize \(type) from invalid String value \(raw)"))
    }
}
