import Crypto
import Foundation

/// Makes operator API keys and the hash they are stored and looked up by.
///
/// A key is 256 random bits, so one unsalted SHA-256 is enough: salting and slow hashing protect
/// guessable secrets (passwords) against dictionaries, and a uniformly random 256-bit key has no
/// dictionary and cannot be brute-forced through its hash. An unsalted hash also lets the server
/// find the key by an index lookup on the hash, instead of trying every stored salt.
public enum APIKeySecret {
    /// Marks a string as a Busbar key, so secret scanners and people recognise a leaked one.
    public static let prefix = "bbk_"

    /// A new random key: `bbk_` and 43 base64url characters (256 bits from the system CSPRNG).
    public static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix + base64URL(bytes)
    }

    /// A new public key id, `key_` and 12 hex digits: short enough to type in `busbar keys revoke`.
    public static func newId() -> String {
        let bytes = SymmetricKey(size: .init(bitCount: 48)).withUnsafeBytes { Array($0) }
        return "key_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The hex SHA-256 of a key, as stored.
    public static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
