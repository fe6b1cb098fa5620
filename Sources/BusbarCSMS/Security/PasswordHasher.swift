import Crypto
import CryptoExtras
import Foundation

/// Stores station passwords (security profiles 1 and 2, HTTP Basic) as salted PBKDF2-SHA256
/// hashes in a self-describing string `pbkdf2-sha256$<rounds>$<salt b64>$<hash b64>`, so the
/// round count can be raised later without invalidating stored hashes.
public struct PasswordHasher: Sendable {
    /// PBKDF2 rounds for new hashes. OCPP passwords are machine-generated 16–40 character
    /// secrets (SecurityCtrlr.BasicAuthPassword), so brute force is not the threat that slow
    /// hashing guards against for human passwords; 10,000 rounds keeps a reconnect storm of
    /// 10,000 stations affordable (~1 ms each) while still salting and stretching.
    public var rounds: Int

    /// Creates a hasher using `rounds` for new hashes.
    public init(rounds: Int = 10_000) {
        self.rounds = max(1, rounds)
    }

    /// Hashes a password with a fresh random 16-byte salt.
    public func hash(_ password: String) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255) }
        let digest = Self.derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(digest).base64EncodedString())"
    }

    /// Checks a password against a stored hash in constant time; false for any malformed hash.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds > 0,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3]))
        else { return false }
        let actual = Self.derive(password, salt: Array(salt), rounds: rounds)
        guard !actual.isEmpty, actual.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (lhs, rhs) in zip(actual, expected) { difference |= lhs ^ rhs }
        return difference == 0
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int) -> [UInt8] {
        guard
            let key = try? KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }
}
