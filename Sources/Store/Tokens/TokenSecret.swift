import Crypto
public import Foundation

/// What every backend does the same way with an access token: makes its secret, hashes it (only the hash is
/// stored), derives its public id, and checks an operator's label.
public enum TokenSecret {
    /// How often the last use of a token is written: at most once a minute per token, so a busy server does not
    /// write at every handshake.
    public static let useResolution: Int64 = 60

    /// A new secret: 32 random bytes, printed as `tly_` and 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "tly_" + hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The SHA-256 of a token's text, as stored.
    public static func hash(ofSecret secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    /// The public id of a token: `tk_` and the first 12 hex digits of its hash.
    public static func publicID(ofHash hash: Data) -> String { "tk_" + hex(hash.prefix(6)) }

    /// `true` for 1–64 bytes of `[A-Za-z0-9._-]` that do not start with `tk_` (the prefix of token ids).
    public static func isValidLabel(_ label: String) -> Bool {
        DatasetInfo.isValidName(label) && !label.hasPrefix("tk_")
    }

    /// The error for a label `isValidLabel` refuses.
    public static func invalidLabel(_ label: String) -> ReplicaError {
        ReplicaError(
            .invalidName,
            "\"\(label)\" is not a token label: use 1-64 characters of A-Z a-z 0-9 . _ - not starting with tk_")
    }

    /// Two lowercase hex digits per byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
