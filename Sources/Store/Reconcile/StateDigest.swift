import Crypto
public import Wire

/// The reconcile digest of a stored state (the first 16 bytes of the SHA-256 of its canonical encoding,
/// Protocol.md §11.4): the one place it is computed, for every backend. A backend compares and binds it without
/// allocating; reconciliation and the integrity check take it as a `Digest128`.
public struct StateDigest: Hashable, Sendable {
    /// The first 8 bytes of the hash, as they lie in memory.
    package var high: UInt64
    /// The next 8 bytes.
    package var low: UInt64

    /// The digest of the encoded state `bytes`.
    public init(of bytes: UnsafeRawBufferPointer) {
        let hash = SHA256.hash(data: bytes)
        (high, low) = hash.withUnsafeBytes { buffer in
            (
                buffer.loadUnaligned(as: UInt64.self),
                buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            )
        }
    }

    /// The digest of `state`'s canonical encoding.
    public init(of state: RecordState) {
        self = state.encodedBytes.withUnsafeBytes { StateDigest(of: $0) }
    }

    /// The digest as reconciliation carries it (the 16 bytes read big-endian).
    public var value: Digest128 {
        Digest128(high: UInt64(bigEndian: high), low: UInt64(bigEndian: low))
    }

    /// The 16 bytes, as a store keeps them.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: (high, low)) { Array($0) }
    }

    /// `true` when the stored digest `bytes` is this digest.
    public func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 16 && bytes.loadUnaligned(as: UInt64.self) == high
            && bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == low
    }
}
