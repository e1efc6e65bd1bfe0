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
    /// acknowledgement; `acknowledged(ack, final)` hears each, `final` for the last of the stream. Returns the
    /// batches and records sent.
    func run(
        send: (_ number: UInt64) async throws -> Sent,
        awaitAck: () async throws -> BatchAck,
        acknowledged: (_ ack: BatchAck, _ final: Bool) async throws -> Void = { _, _ in }
    ) async throws -> (batches: Int, records: Int) {
        var number: UInt64 = 0
        var records = 0
        var unacknowledged = 0
        var done = false
        while !done {
            number += 1
            let sent = try await send(number)
            records += sent.records
            done = sent.isLast
            unacknowledged += 1
            while unacknowledged >= max(1, window) || (done && unacknowledged > 0) {
                let ack = try await awaitAck()
                unacknowledged -= 1
                try await acknowledged(ack, done && unacknowledged == 0)
            }
        }
        return (Int(number), records)
    }
}
