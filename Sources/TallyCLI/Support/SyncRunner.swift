import Foundation
import Synchronization
import Replica
import Store
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

    /// What a client is told when the server speaks protocol version 1, which sends no clock (Protocol.md §9).
    static func version1Note(_ server: String) -> String {
        "tally: \(server) speaks protocol version 1 only: clocks were not compared (upgrade the server)"
    }

    func run(_ direction: Direction) async throws {
        let remotes = try RemoteList(directory: global.directory)
        let (url, trust) = try network.target(in: remotes)
        let timeouts = try network.timeouts()
        let token = try network.token()
        let store = ReplicaRecordStore(replica: replica)
        let progressLine = ProgressLine()
        let verb = direction.rawValue
        let started = ContinuousClock.now
        let requested = network.datasets
        let localNames = try replica.datasets().map(\.name)
        // What finished (or stopped) per dataset, kept outside the session so a failure still reports it.
        var reports: [TransferReport] = []
        var counts: SyncClient.WireCounts?
        var failure: (any Error)?
        let totals = TotalsByDataset()
        do {
            let (_, wire) = try await SyncClient.withSession(
                url: url, trust: trust, store: store, token: token, options: SessionOptions().clocks(of: store),
                nodeName: ProcessInfo.processInfo.hostName, timeouts: timeouts,
                progress: { dataset, done, total in
                    progressLine.update(verb, dataset, done, total: max(total, totals[dataset]))
                }
            ) { session in
                PeerSites.record(url: url.description, site: session.serverSite, directory: global.directory)
                if session.welcome?.wallClock == nil { Output.note(SyncRunner.version1Note(url.description)) }
                let remote = direction == .push ? [] : try await session.listDatasets()
                let remoteEntries = Dictionary(remote.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                for name in requested where direction == .pull && remoteEntries[name] == nil {
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
                    var pushing = false
                    do {
                        if direction != .push, let entry = remoteEntries[name] {
                            if try await store.cursor(peer: session.serverSite, dataset: name) == nil {
                                totals[name] = entry.recordCount
                            }
                            var pulled = TransferReport(dataset: name)
                            if network.reconcile {
                                pulled.merge(try await session.reconcile(dataset: name, kind: entry.kind))
                            }
                            pulled.merge(
                                try await session.pull(
                                    dataset: name, kind: entry.kind,
                                    through: FeedCursor(epoch: entry.epoch, sequence: entry.sequence)))
                            report.merge(pulled)
                            totals[name] = 0
                        }
                        if report.complete, direction != .pull, try replica.dataset(named: name) != nil {
                            pushing = true
                            report.absorbPush(try await session.push(dataset: name))
                        }
                    } catch {
                        if let partial = session.inProgress, partial.dataset == name {
                            if pushing { report.absorbPush(partial) } else { report.merge(partial) }
                        }
                        report.complete = false
                        reports.append(report)
                        throw error
                    }
                    reports.append(report)
                    // A server that ended a feed early is going away: the rest would fail too.
                    if !report.complete { break }
                }
            }
            counts = wire
        } catch {
            failure = error
        }
        progressLine.finish()
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let complete = failure == nil && reports.allSatisfy(\.complete)
        if reports.isEmpty, let failure { throw failure }
        if global.json {
            Output.json(
                .object([
                    ("remote", .string(url.description)),
                    ("complete", .bool(complete)),
                    ("datasets", .array(reports.map { SyncRunner.json($0) })),
                    ("records_sent", .int(reports.reduce(0) { $0 + $1.recordsSent })),
                    ("records_received", .int(reports.reduce(0) { $0 + $1.recordsReceived })),
                    ("bytes_sent", .int(counts?.bytesSent ?? 0)),
                    ("bytes_received", .int(counts?.bytesReceived ?? 0)),
                    ("duration_ms", .int(milliseconds)),
                ])
            )
        } else {
            for report in reports where report.complete {
                Output.line("\(verb) \(report.dataset): " + SyncRunner.summary(report, direction))
            }
            if let counts {
                Output.line(
                    "\(url): \(counts.bytesSent) bytes sent, \(counts.bytesReceived) received in \(milliseconds) ms")
            }
        }
        guard !complete else { return }
        throw SyncRunner.interruption(reports.first { !$0.complete }, verb: verb, failure: failure)
    }

    /// The one line for a transfer that did not finish: what it did before it stopped, and why.
    static func interruption(_ report: TransferReport?, verb: String, failure: (any Error)?) -> CLIError {
        let cause = failure.map { FailureLine.describe($0) }
        var line = ""
        if let report {
            // Records sent count once the server acknowledged them: a batch in flight may not have been applied.
            let moved = report.recordsReceived + report.recordsAcknowledged
            line = "\(verb) \(report.dataset): interrupted after \(moved) records"
            line += cause.map { ": " + $0.message } ?? ": the server ended the feed early (shutting down?)"
        } else {
            line = cause?.message ?? "\(verb) interrupted"
        }
        if !line.contains("run the same command again") && !line.contains("try again") {
            line += "; run the same command again to resume"
        }
        let retryable = cause.map { $0.exitCode == ExitStatus.retryable.rawValue } ?? true
        return CLIError(line, status: retryable ? .retryable : .refused)
    }

    /// The text report of one dataset: `received 1000 (12 new, 988 updated), sent 3`.
    static func summary(_ report: TransferReport, _ direction: Direction) -> String {
        var parts: [String] = []
        if direction != .push {
            let counts = ReceivedCounts(
                new: report.recordsCreated, updated: report.recordsApplied - report.recordsCreated,
                unchanged: report.recordsUnchanged)
            parts.append("received \(report.recordsReceived)" + counts.parenthesized)
        }
        if direction != .pull { parts.append("sent \(report.recordsSent)") }
        if report.newConflicts > 0 { parts.append("\(report.newConflicts) new conflicts") }
        if report.created { parts.append("dataset created") }
        return parts.joined(separator: ", ")
    }

    /// The `--json` object of one dataset.
    static func json(_ report: TransferReport) -> JSONText {
        .object([
            ("dataset", .string(report.dataset)), ("complete", .bool(report.complete)),
            ("sent", .int(report.recordsSent)), ("received", .int(report.recordsReceived)),
            ("applied", .int(report.recordsApplied)), ("new", .int(report.recordsCreated)),
            ("updated", .int(report.recordsApplied - report.recordsCreated)),
            ("unchanged", .int(report.recordsUnchanged)), ("new_conflicts", .int(report.newConflicts)),
            ("created", .bool(report.created)),
        ])
    }
}

/// The expected record count of each dataset being pulled (0 when unknown), read by the progress callback.
final class TotalsByDataset: Sendable {
    private let totals = Mutex<[String: UInt64]>([:])

    subscript(name: String) -> UInt64 {
        get { totals.withLock { $0[name] ?? 0 } }
        set { totals.withLock { $0[name] = newValue } }
    }
}

extension TransferReport {
    /// Adds what a push moved: records sent and acknowledged, and whether the server created the dataset (the
    /// server's own apply counts are not this replica's).
    fileprivate mutating func absorbPush(_ pushed: TransferReport) {
        recordsSent += pushed.recordsSent
        recordsAcknowledged += pushed.recordsAcknowledged
        batches += pushed.batches
        created = created || pushed.created
    }
}
