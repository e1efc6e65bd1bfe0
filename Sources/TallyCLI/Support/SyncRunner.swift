import Foundation
import Replica
import Sync
import Transport
import Wire

/// Runs `push`, `pull` and `sync` against one server and reports what moved.
struct SyncRunner {
    enum Direction: String {
        case push, pull, sync
    }

    let replica: Replica
    let network: NetworkOptions
    let global: GlobalOptions

    func run(_ direction: Direction) async throws {
        let remotes = try RemoteList(directory: global.directory)
        let url = try remotes.resolve(network.remote)
        let store = ReplicaSyncStore(replica: replica)
        let progressLine = ProgressLine()
        let verb = direction.rawValue
        let started = ContinuousClock.now
        let requested = network.datasets
        let localNames = try replica.datasets().map(\.name)
        let (reports, counts) = try await SyncClient.withSession(
            url: url, trust: try network.trust(), store: store, token: try network.token(),
            nodeName: ProcessInfo.processInfo.hostName,
            progress: { dataset, done, _ in progressLine.update(verb, dataset, done) }
        ) { session in
            var reports: [TransferReport] = []
            PeerSites.record(url: url.description, site: session.serverSite, directory: global.directory)
            let remote = direction == .push ? [] : try await session.listDatasets()
            let remoteKinds = Dictionary(remote.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
            for name in requested where direction == .pull && remoteKinds[name] == nil {
                throw CLIError("the server has no dataset \(name) (or the token does not allow it)")
            }
            for name in requested where direction == .push && !localNames.contains(name) {
                throw CLIError("no dataset \(name) here")
            }
            var names = requested
            if names.isEmpty {
                switch direction {
                case .pull: names = remote.map(\.name)
                case .push: names = localNames
                case .sync: names = Array(Set(localNames).union(remote.map(\.name))).sorted()
                }
            }
            for name in names {
                var report = TransferReport(dataset: name)
                if direction != .push, let kind = remoteKinds[name] {
                    var pulled = TransferReport(dataset: name)
                    if network.reconcile { pulled.merge(try await session.reconcile(dataset: name, kind: kind)) }
                    pulled.merge(try await session.pull(dataset: name, kind: kind))
                    report.recordsSent += pulled.recordsSent
                    report.recordsReceived = pulled.recordsReceived
                    report.recordsApplied = pulled.recordsApplied
                    report.newConflicts = pulled.newConflicts
                    report.batches += pulled.batches
                }
                if direction != .pull, try replica.dataset(named: name) != nil {
                    let pushed = try await session.push(dataset: name)
                    report.recordsSent += pushed.recordsSent
                    report.created = pushed.created
                    report.batches += pushed.batches
                }
                reports.append(report)
            }
            return reports
        }
        progressLine.finish()
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        if global.json {
            Output.json(
                .object([
                    ("remote", .string(url.description)),
                    (
                        "datasets",
                        .array(
                            reports.map {
                                .object([
                                    ("dataset", .string($0.dataset)), ("sent", .int($0.recordsSent)),
                                    ("received", .int($0.recordsReceived)), ("applied", .int($0.recordsApplied)),
                                    ("new_conflicts", .int($0.newConflicts)), ("created", .bool($0.created)),
                                ])
                            }
                        )
                    ),
                    ("records_sent", .int(reports.reduce(0) { $0 + $1.recordsSent })),
                    ("records_received", .int(reports.reduce(0) { $0 + $1.recordsReceived })),
                    ("bytes_sent", .int(counts.bytesSent)), ("bytes_received", .int(counts.bytesReceived)),
                    ("duration_ms", .int(milliseconds)),
                ])
            )
        } else {
            for report in reports {
                var parts: [String] = []
                if direction != .push {
                    parts.append("received \(report.recordsReceived) (\(report.recordsApplied) new)")
                }
                if direction != .pull { parts.append("sent \(report.recordsSent)") }
                if report.newConflicts > 0 { parts.append("\(report.newConflicts) new conflicts") }
                Output.line("\(verb) \(report.dataset): " + parts.joined(separator: ", "))
            }
            Output.line(
                "\(url): \(counts.bytesSent) bytes sent, \(counts.bytesReceived) received in \(milliseconds) ms")
        }
    }
}
