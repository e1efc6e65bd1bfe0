import Store

/// What the store holds for one id of a batch, as the batch's load found it and as the batch changes it.
struct StoredRecord: Sendable {
    /// The stored state, the marker of its collected tombstone, or `.none`.
    var stored: StoredState
    /// The digest of the stored state (`nil` for a marker or `.none`).
    var digest: [UInt8]?
    /// The feed row (sequence) the database holds for the id, until the batch replaces it.
    var feedRow: Int64?

    /// An id the store has never held.
    static let absent = StoredRecord(stored: .none, digest: nil, feedRow: nil)
}
