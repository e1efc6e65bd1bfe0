import CoreMetrics
import Metrics

/// The counters and gauges a server reports through swift-metrics (Prometheus names on `/metrics`).
struct ServerMetrics: Sendable {
    let connections = Counter(label: "tally_connections_total")
    let activeConnections = Gauge(label: "tally_connections_active")
    let refusedConnections = Counter(label: "tally_connections_refused_total")
    let recordsReceived = Counter(label: "tally_records_received_total")
    let recordsSent = Counter(label: "tally_records_sent_total")
    let recordsApplied = Counter(label: "tally_records_applied_total")
    let sessionErrors = Counter(label: "tally_session_errors_total")
    let protocolErrors = Counter(label: "tally_protocol_errors_total")
}
