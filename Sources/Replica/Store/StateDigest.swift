import Crypto
import GRDB
import GRDBSQLite
import Wire

/// The reconcile digest of a stored state (the first 16 bytes of the SHA-256 of its canonical encoding,
/// Protocol.md §11.4): the one place it is computed. The record writer compares and binds it without allocating;
/// reconciliation and the integrity check take it as a `Digest128`.
struct StateDigest {
    private var high: UInt64
    private var low: UInt64

    /// The digest of the encoded state `bytes`.
    init(of bytes: UnsafeRawBufferPointer) {
        let hash = SHA256.hash(data: bytes)
        (high, low) = hash.withUnsafeBytes { buffer in
            (
                buffer.loadUnaligned(as: UInt64.self),
                buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            )
        }
    }

    /// The digest as reconciliation carries it (the 16 bytes read big-endian).
    var value: Digest128 {
        Digest128(high: UInt64(bigEndian: high), low: UInt64(bigEndian: low))
    }

    /// `true` when the stored digest `bytes` is this digest.
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 16 && bytes.loadUnaligned(as: UInt64.self) == high
            && bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == low
    }

    /// Binds the 16 bytes to parameter `index` of `statement` (SQLite copies them).
    func bind(to statement: SQLiteStatement, at index: Int32) {
        var raw = (high, low)
        withUnsafeBytes(of: &raw) { buffer in
            _ = sqlite3_bind_blob(statement, index, buffer.baseAddress, 16, transient)
        }
    }
}
