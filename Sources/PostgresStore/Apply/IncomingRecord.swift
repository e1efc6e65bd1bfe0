import NIOCore
import Store
import Wire

/// A state of a peer's batch with its canonical encoding and reconcile digest, made once before the transaction
/// (so the dataset's lock is not held while encoding).
struct IncomingRecord: Sendable {
    /// The state.
    var state: RecordState
    /// Its canonical encoding.
    var bytes: ByteBuffer
    /// The digest of `bytes`, as the store keeps it (`StateDigest.bytes`).
    var digest: [UInt8]

    init(_ state: RecordState) {
        var bytes = ByteBuffer()
        state.write(to: &bytes)
        self.init(state: state, bytes: bytes)
    }

    init(state: RecordState, bytes: ByteBuffer) {
        self.state = state
        self.bytes = bytes
        digest = bytes.withUnsafeReadableBytes { StateDigest(of: $0).bytes }
    }
}
