/// Makes new Basic-auth passwords for stations (A01): random passwordStrings from the system
/// CSPRNG, so nobody has to invent one and none is ever typed into a request.
public enum StationPasswordGenerator {
    /// passwordString characters (letters, digits and identifierString's specials, Part 2 §2.1.3),
    /// without ':' so that no station's Basic-auth code can misread where the username ends.
    public static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_=+|@.")
    /// Lengths SecurityCtrlr.BasicAuthPassword allows (16 to 40 characters).
    public static let lengths = 16...40
    /// 32 characters of 70 symbols carry about 196 bits, and fit every station's 40-character limit.
    public static let defaultLength = 32

    /// A new password of `length` characters (clamped to `lengths`).
    public static func generate(length: Int = defaultLength) -> String {
        var random = SystemRandomNumberGenerator()
        let count = min(max(length, lengths.lowerBound), lengths.upperBound)
        return String((0..<count).map { _ in alphabet.randomElement(using: &random)! })
    }
}
