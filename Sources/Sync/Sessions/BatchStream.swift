import Wire

/// The sending side of a stream of numbered record batches with flow control (Protocol.md §11.2, step 4): the one
/// loop behind a pull a server serves, a push a client sends, and the records a RECONCILE_NEED asks for.
///
/// Batches are numbered 1, 2, 3, …; at most `window` are sent and not yet acknowledged; after the last one (the
/// batch `send` says is last) every acknowledgement is awaited before `run` returns.
struct BatchStream {
    /// Batches that may be in flight at once (the agreed window, at least 1).
    let window: Int

    /// What `send` reports about the batch it sent.
    struct Sent {
        /// Records in the batch.
        var records: Int
        /// `true` when it was the stream's last batch.
        var isLast: Bool
    }

    /// Runs the stream: `send(number)` sends batch `number` and says what it held; `awaitAck()` receives the next
    /// acknowledgement (they come in the order the batches went); `acknowledged(ack, records, final)` hears each,
    /// with the records of the batch it acknowledges, `final` for the last of the stream. Returns the batches and
    /// records sent.
    func run(
        send: (_ number: UInt64) async throws -> Sent,
        awaitAck: () async throws -> BatchAck,
        acknowledged: (_ ack: BatchAck, _ records: Int, _ final: Bool) async throws -> Void = { _, _, _ in }
    ) async throws -> (batches: Int, records: Int) {
        var number: UInt64 = 0
        var records = 0
        // The records of each batch sent and not yet acknowledged, oldest first.
        var unacknowledged: [Int] = []
        var done = false
        while !done {
            number += 1
            let sent = try await send(number)
            records += sent.records
            done = sent.isLast
            unacknowledged.append(sent.records)
            while unacknowledged.count >= max(1, window) || (done && !unacknowledged.isEmpty) {
                let ack = try await awaitAck()
                let acknowledgedRecords = unacknowledged.removeFirst()
                try await acknowledged(ack, acknowledgedRecords, done && unacknowledged.isEmpty)
            }
        }
        return (Int(number), records)
    }
}
