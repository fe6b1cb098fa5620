/// What the schemas allow but no CSMS can keep exactly, refused after schema validation with
/// `PropertyConstraintViolation` (right type, value not allowed) and a JSON pointer to the field:
/// - U+0000 in any string: storage and C APIs end text there, so "TAG1\u0000junk" would be
///   stored, compared and logged as "TAG1".
/// - any control character (Unicode Cc: U+0000–U+001F, U+007F–U+009F) in an identifier — the
///   members named in `identifierMembers` — since no identifier means anything with them, and in
///   logs and terminals they hide or rewrite text. Free text (techInfo, data, values) may hold
///   line breaks and tabs.
/// - a number a 64-bit double cannot hold: `JSONParser` reads one beyond ±1.8e308 as infinity and
///   a non-zero one below 4.9e-324 as NaN rather than silently as 0, so they end up here.
public enum ExactnessCheck {
    /// Object members whose string values identify something (OCPP identifierString, idToken,
    /// transaction and station identity fields, device-model keys).
    public static let identifierMembers: Set<String> = [
        "idToken", "transactionId", "serialNumber", "vendorName", "model", "firmwareVersion", "iccid", "imsi",
        "customerIdentifier", "vendorId", "messageId", "name", "instance", "issuerNameHash", "issuerKeyHash",
    ]

    /// The first value in `payload` that cannot be kept exactly, or nil.
    public static func firstViolation(in payload: JSONValue) -> ValidationFailure? {
        var path: [String] = []
        return walk(payload, member: nil, path: &path)
    }

    /// Nil when `text` may be an identifier, else why not ("contains the control character
    /// U+0007 at character 2; …"); the operator API applies the same rule to its identifiers.
    public static func identifierProblem(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let index = scalars.firstIndex(where: { $0.properties.generalCategory == .control }) else { return nil }
        let code = "U+" + String(scalars[index].value, radix: 16, uppercase: true).leftPadded(to: 4)
        return "contains the control character \(code) at character \(scalars.distance(from: scalars.startIndex, to: index)); "
            + "identifiers hold printable text only"
    }

    private static func walk(_ value: JSONValue, member: String?, path: inout [String]) -> ValidationFailure? {
        switch value {
        case .string(let text):
            if let offset = text.unicodeScalars.firstIndex(where: { $0.value == 0 }) {
                let position = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: offset)
                return failure(path, "contains U+0000 at character \(position); send the text without it")
            }
            if let member, identifierMembers.contains(member), let problem = identifierProblem(text) {
                return failure(path, "is an identifier and " + problem)
            }
            return nil
        case .number(let number):
            guard number.isFinite else {
                return failure(
                    path, "is a number a 64-bit double cannot hold (magnitudes from about 4.9e-324 to 1.8e308, or 0)")
            }
            return nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                path.append(String(index))
                defer { path.removeLast() }
                if let failure = walk(element, member: member, path: &path) { return failure }
            }
            return nil
        case .object(let members):
            // Sorted, so the field named is the same on every run.
            for key in members.keys.sorted() {
                path.append(key)
                defer { path.removeLast() }
                if let failure = walk(members[key]!, member: key, path: &path) { return failure }
            }
            return nil
        case .null, .bool:
            return nil
        }
    }

    private static func failure(_ path: [String], _ reason: String) -> ValidationFailure {
        // RFC 6901: "~" is written "~0" and "/" is written "~1" inside a segment.
        let pointer = path.map { segment in
            "/" + segment.flatMap { character -> [Character] in
                character == "~" ? ["~", "0"] : character == "/" ? ["~", "1"] : [character]
            }.map(String.init).joined()
        }.joined()
        return ValidationFailure(code: .propertyConstraintViolation, path: pointer, reason: reason)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
