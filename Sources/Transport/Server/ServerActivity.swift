import CoreMetrics
import Foundation
import Metrics
import Synchronization
import Wire

/// What a running server is doing: whether it listens, the peers connected now and the last transfers, for the
/// status page and `/api/status`. It also reports each finished transfer to the server's metrics.
///
/// Connections report to it through `ObservedMessageChannel` (messages) and `ObservedStore` (applied batches).
public final class ServerActivity: Sendable {
    /// How many finished transfers are kept (the oldest is dropped first).
    public let capacity: Int
    let metrics: ServerMetrics
    private let state = Mutex(State())

    private struct State {
        var listening: String?
        var nextID: UInt64 = 0
        var connections: [UInt64: Connection] = [:]
        var recent: [TransferStatus] = []
    }

    private struct Connection {
        var address: String
        var opened: Date
        var counter: ByteCounter?
        var peer: PeerStatus?
        var open: OpenTransfer?
    }

    private struct OpenTransfer {
        var status: TransferStatus
        var clock: ContinuousClock.Instant
        var bytesSent: Int
        var bytesReceived: Int
        var batchesSent = 0
        var acksReceived = 0
        var lastBatchSeen = false
    }

    /// Makes an empty record keeping the last `capacity` transfers. The server's metrics are made here: the
    /// metrics system must already be bootstrapped.
    public init(capacity: Int = 50) {
        self.capacity = max(1, capacity)
        self.metrics = ServerMetrics()
    }

    /// `HOST:PORT` of the sync port while it is listening, else `nil`.
    public var listening: String? { state.withLock { $0.listening } }

    /// The peers that completed HELLO and are still connected, oldest first.
    public var peers: [PeerStatus] {
        state.withLock { state in state.connections.values.compactMap(\.peer) }.sorted { $0.since < $1.since }
    }

    /// The last finished transfers, newest first.
    public var recentTransfers: [TransferStatus] { state.withLock { $0.recent.reversed() } }

    func setListening(_ address: String?) {
        state.withLock { $0.listening = address }
    }

    /// Registers a new connection from `address`; `counter` counts its bytes.
    func opened(address: String, counter: ByteCounter?) -> UInt64 {
        state.withLock { state in
            state.nextID += 1
            state.connections[state.nextID] = Connection(address: address, opened: Date(), counter: counter)
            return state.nextID
        }
    }

    /// The peer of `connection` said HELLO.
    func greeted(_ connection: UInt64, hello: Hello) {
        let known: Bool = state.withLock { state in
            guard var entry = state.connections[connection], entry.peer == nil else { return false }
            entry.peer = PeerStatus(
                node: hello.nodeName, site: hello.siteID.hex, address: entry.address, since: entry.opened)
            state.connections[connection] = entry
            return true
        }
        if known {
            metrics.sessions.increment()
            metrics.activeSessions.record(state.withLock { $0.connections.values.count { $0.peer != nil } })
        }
    }

    /// The session of `connection` measured the peer's clock at its HELLO (`peer − server`, ms).
    func measuredClock(_ connection: UInt64, skew: Int64) {
        state.withLock { state in state.connections[connection]?.peer?.clockSkewMilliseconds = skew }
    }

    /// A pull or push of `dataset` begins on `connection` (one ends first if it was still open).
    func began(_ connection: UInt64, dataset: String, direction: TransferStatus.Direction) {
        finish(connection, error: nil)
        state.withLock { state in
            guard var entry = state.connections[connection] else { return }
            let status = TransferStatus(
                peer: entry.peer?.node ?? "", site: entry.peer?.site ?? "", address: entry.address, dataset: dataset,
                direction: direction, started: Date()
            )
            entry.open = OpenTransfer(
                status: status, clock: .now, bytesSent: entry.counter?.bytesSent ?? 0,
                bytesReceived: entry.counter?.bytesReceived ?? 0
            )
            state.connections[connection] = entry
        }
    }

    /// A batch of the open transfer went to the peer (`sent`) or came from it.
    func batch(_ connection: UInt64, records: Int, isLast: Bool, sent: Bool) {
        update(connection) { open in
            open.status.records += records
            if sent { open.batchesSent += 1 }
            if isLast { open.lastBatchSeen = true }
        }
    }

    /// The peer acknowledged a batch of a pull; the pull is finished once the last batch is acknowledged.
    func acknowledged(_ connection: UInt64) {
        var complete = false
        update(connection) { open in
            open.acksReceived += 1
            complete = open.lastBatchSeen && open.acksReceived >= open.batchesSent
        }
        if complete { finish(connection, error: nil) }
    }

    /// The server acknowledged a pushed batch; the push is finished once its last batch is acknowledged.
    func acknowledgedPush(_ connection: UInt64) {
        var complete = false
        update(connection) { open in complete = open.status.direction == .push && open.lastBatchSeen }
        if complete { finish(connection, error: nil) }
    }

    /// A pushed batch was applied in `duration`.
    func applied(_ connection: UInt64, records: Int, conflicts: Int, duration: Duration) {
        metrics.applyDuration.record(duration: duration)
        update(connection) { open in
            open.status.applied += records
            open.status.conflicts += conflicts
        }
    }

    /// The server sent an ERROR: counted by code, and it ends the open transfer, if any, with its message.
    func refused(_ connection: UInt64, _ error: ErrorMessage) {
        metrics.refusal(error.code)
        finish(connection, error: error.message)
    }

    /// A connection refused at the connection limit (it never became a session).
    func refusedAtLimit() {
        metrics.refusedConnections.increment()
        metrics.refusal(.busy)
    }

    /// The connection ended; a transfer still open ends with `error` (or a sentence saying it was cut short).
    func closed(_ connection: UInt64, error: String?) {
        finish(connection, error: error ?? "the connection ended before the transfer finished")
        let wasSession = state.withLock { state in state.connections.removeValue(forKey: connection)?.peer != nil }
        if wasSession {
            metrics.activeSessions.record(state.withLock { $0.connections.values.count { $0.peer != nil } })
        }
    }

    private func update(_ connection: UInt64, _ change: (inout OpenTransfer) -> Void) {
        state.withLock { state in
            guard var open = state.connections[connection]?.open else { return }
            change(&open)
            state.connections[connection]?.open = open
        }
    }

    private func finish(_ connection: UInt64, error: String?) {
        let done: (TransferStatus, sent: Int, received: Int)? = state.withLock { state in
            guard let entry = state.connections[connection], var open = entry.open else { return nil }
            state.connections[connection]?.open = nil
            let sent = max(0, (entry.counter?.bytesSent ?? 0) - open.bytesSent)
            let received = max(0, (entry.counter?.bytesReceived ?? 0) - open.bytesReceived)
            let elapsed = ContinuousClock.now - open.clock
            open.status.bytes = sent + received
            open.status.durationMilliseconds = Int((elapsed / .milliseconds(1)).rounded())
            open.status.error = error
            state.recent.append(open.status)
            if state.recent.count > capacity { state.recent.removeFirst(state.recent.count - capacity) }
            return (open.status, sent, received)
        }
        guard let done else { return }
        let (status, sent, received) = done
        switch status.direction {
        case .pull: metrics.recordsSent(status.records, dataset: status.dataset)
        case .push: metrics.recordsReceived(status.records, dataset: status.dataset)
        }
        metrics.recordsApplied(status.applied, dataset: status.dataset)
        metrics.conflictsCreated(status.conflicts, dataset: status.dataset)
        metrics.bytes(sent: sent, received: received, dataset: status.dataset)
    }
}
