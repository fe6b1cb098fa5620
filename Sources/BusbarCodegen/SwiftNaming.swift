/// Turns schema names and enum values into Swift identifiers.
enum SwiftNaming {
    /// Words that need backticks as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "Any", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "Type", "Protocol",
    ]

    /// A stored-property or parameter name: the schema name as is, escaped if it is a keyword.
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// lowerCamel case name for an enum raw value:
    /// `PowerUp` → `powerUp`, `SoC` → `soc`, `IKEv2` → `ikev2`, `EVConnected` → `evConnected`, `Energy.Active.Import.Register` →
    /// `energyActiveImportRegister`, `L1-N` → `l1N`, `AC_single_phase` → `acSinglePhase`, `s309-1P-16A` → `s3091P16A`.
    static func caseName(_ raw: String) -> String {
        let words = raw.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let first = words.first else { return "empty" }
        var name = lowerLeadingWord(first)
        for word in words.dropFirst() {
            name += word.prefix(1).uppercased() + word.dropFirst()
        }
        if let initial = name.first, initial.isNumber { name = "_" + name }
        return keywords.contains(name) ? "`\(name)`" : name
    }

    /// Lowercases a leading acronym: all-caps words entirely (`SHA256` → `sha256`), otherwise the run of capitals
    /// except the one starting the next word (`CSMSRoot` → `csmsRoot`).
    private static func lowerLeadingWord(_ word: String) -> String {
        let characters = Array(word)
        if characters.allSatisfy({ $0.isUppercase || $0.isNumber }) { return word.lowercased() }
        // Mostly-capital words are acronyms with a lowercase letter inside (`SoC`, `IKEv2`, `eMAID`).
        let uppers = characters.filter(\.isUppercase).count
        let lowers = characters.filter(\.isLowercase).count
        if uppers > lowers { return word.lowercased() }
        var upperRun = 0
        while upperRun < characters.count, characters[upperRun].isUppercase { upperRun += 1 }
        switch upperRun {
        case 0: return word
        case 1: return characters[0].lowercased() + String(characters.dropFirst())
        default:
            // The last capital of the run begins the next word when a lowercase letter follows it.
            let lowered = upperRun < characters.count && characters[upperRun].isLowercase ? upperRun - 1 : upperRun
            return String(characters[..<lowered]).lowercased() + String(characters[lowered...])
        }
    }

    /// `BootNotification` → `bootNotification`, `Get15118EVCertificate` → `get15118EVCertificate`,
    /// `NotifyEVChargingNeeds` → `notifyEVChargingNeeds`: action names only lowercase their first letter.
    static func actionCaseName(_ action: String) -> String {
        action.prefix(1).lowercased() + action.dropFirst()
    }
}
