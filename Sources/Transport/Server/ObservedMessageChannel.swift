import Sync
import Wire

/// Passes a connection's messages through and tells `ServerActivity` what they mean: the HELLO (a peer), pull
/// and push requests (a transfer begins), batches and acknowledgements (records moved, transfer done), ERRORs
/// (a refusal). It also calls `onFirstMessage` when the first message arrives (to cancel the handshake timer), and
/// `onWelcome` once WELCOME has been sent (the connection no longer counts as unauthenticated).
struct ObservedMessageChannel<Inner: MessageChannel>: MessageChannel {
    var inner: Inner
    let activity: ServerActivity
    let connection: UInt64
    var onFirstMessage: (() -> Void)?
    var onWelcome: (() -> Void)?

    mutating func send(_ message: WireMessage) async throws {
        switch message {
        case .recordBatch(let batch):
            activity.batch(connection, records: batch.records.count, isLast: batch.isLast, sent: true)
        case .encodedRecordBatch(let batch):
            activity.batch(connection, records: batch.records.count, isLast: batch.isLast, sent: true)
        case .error(let error):
            activity.refused(connection, error)
        default:
            break
        }
        try await inner.send(message)
        if case .batchAck = message { activity.acknowledgedPush(connection) }
        if case .welcome = message, let callback = onWelcome {
            callback()
            onWelcome = nil
        }
    }

    mutating func receive() async throws -> WireMessage? {
        let message = try await inner.receive()
        if let callback = onFirstMessage {
            callback()
            onFirstMessage = nil
        }
        switch message {
        case .hello(let hello):
            activity.greeted(connection, hello: hello)
        case .pullRequest(let request):
            activity.began(connection, dataset: request.dataset, direction: .pull)
        case .reconcileNeed(let need):
            // The records a reconciliation found missing on the peer go out like a pull's.
            activity.began(connection, dataset: need.dataset, direction: .pull)
        case .pushRequest(let request):
            activity.began(connection, dataset: request.dataset, direction: .push)
        case .recordBatch(let batch):
            activity.batch(connection, records: batch.records.count, isLast: batch.isLast, sent: false)
        case .batchAck:
            activity.acknowledged(connection)
        default:
            break
        }
        return message
    }
}
