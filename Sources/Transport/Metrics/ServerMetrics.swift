import CoreMetrics
import Metrics
import Wire

/// The counters, gauges and timers a server reports through swift-metrics (Prometheus names on `/metrics`).
///
/// The handles are made when the server is made, so the metrics system must be bootstrapped before that
/// (`tally serve` does it first thing); per-dataset and per-code series are made when first used.
struct ServerMetrics: Sendable {
    /// Connections accepted (admitted under the connection limit).
    let connections = Counter(label: "tally_connections_total")
    /// Connections open now.
    let activeConnections = Gauge(label: "tally_connections_active")
    /// Connections told `busy` at the connection limit.
    let refusedConnections = Counter(label: "tally_connections_refused_total")
    /// Sessions that completed their HELLO/WELCOME handshake.
    let sessions = Counter(label: "tally_sessions_total")
    /// Sessions open now.
    let activeSessions = Gauge(label: "tally_sessions_active")
    /// Sessions that ended with a protocol or session error.
    let sessionErrors = Counter(label: "tally_session_errors_total")
    /// Time to validate, merge and commit one pushed batch.
    let applyDuration = Timer(label: "tally_apply_duration_seconds")

    /// Counts `count` records of `dataset` sent to peers (pulls).
    func recordsSent(_ count: Int, dataset: String) {
        Counter(label: "tally_records_sent_total", dimensions: [("dataset", dataset)]).increment(by: count)
    }

    /// Counts `count` records of `dataset` received from peers (pushes).
    func recordsReceived(_ count: Int, dataset: String) {
        Counter(label: "tally_records_received_total", dimensions: [("dataset", dataset)]).increment(by: count)
    }

    /// Counts `count` received records of `dataset` that changed the replica.
    func recordsApplied(_ count: Int, dataset: String) {
        Counter(label: "tally_records_applied_total", dimensions: [("dataset", dataset)]).increment(by: count)
    }

    /// Counts `count` records of `dataset` that gained a conflict.
    func conflictsCreated(_ count: Int, dataset: String) {
        Counter(label: "tally_conflicts_created_total", dimensions: [("dataset", dataset)]).increment(by: count)
    }

    /// Counts the bytes a transfer of `dataset` moved in each direction (server's view).
    func bytes(sent: Int, received: Int, dataset: String) {
        Counter(label: "tally_bytes_sent_total", dimensions: [("dataset", dataset)]).increment(by: sent)
        Counter(label: "tally_bytes_received_total", dimensions: [("dataset", dataset)]).increment(by: received)
    }

    /// Counts one ERROR frame sent to a peer, by its code.
    func refusal(_ code: ErrorCode) {
        Counter(label: "tally_refusals_total", dimensions: [("code", code.name)]).increment()
    }
}
