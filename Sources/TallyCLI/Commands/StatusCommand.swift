import Foundation
import Wire
import ArgumentParser
import Replica
import Store
import Transport

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The replica: its site, datasets, conflicts and remotes.",
        discussion: """
            With --store postgres://... it shows that PostgreSQL database (a server's shared store): its site and \
            datasets.

            Example: tally status --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        if let url = storeOptions.url {
            let (site, datasets) = try await ServedStore.with(global, storeOptions) { store in
                (store.siteID, try await store.datasets())
            }
            if global.json {
                Output.json(
                    .object([
                        ("site", .string(site.hex)), ("store", .string(url)),
                        ("datasets", .array(datasets.map(\.json))),
                    ]))
            } else {
                Output.line("replica \(site.hex) in \(url)")
                StatusCommand.lines(datasets)
            }
            return
        }
        let replica = try ReplicaLocation.open(global)
        let datasets = try replica.datasets()
        let remotes = try RemoteList(directory: global.directory)
        let mirrors = MirrorStatusBook(directory: global.directory).load()
        let sites = PeerSites(directory: global.directory)
        let clocks = try replica.peerClocks()
        let clock = { (url: String) in sites.site(of: url).flatMap { site in clocks.first { $0.peer == site } } }
        let now = Date()
        if global.json {
            Output.json(
                .object([
                    ("site", .string(replica.siteID.hex)),
                    ("directory", .string(replica.directory)),
                    ("datasets", .array(datasets.map(\.json))),
                    (
                        "remotes",
                        .array(
                            remotes.entries.map { remote in
                                let measured = clock(remote.url)
                                return .object([
                                    ("name", .string(remote.name)), ("url", .string(remote.url)),
                                    ("clock_skew_ms", measured.map { .int(Int($0.skew)) } ?? .null),
                                    (
                                        "clock_measured_at",
                                        measured.map { .string(StatusCommand.timestamp($0.measuredAt)) } ?? .null
                                    ),
                                ])
                            })
                    ),
                    ("mirrors", .array(mirrors.map { StatusCommand.json($0, now: now) })),
                ])
            )
        } else {
            Output.line("replica \(replica.siteID.hex) in \(replica.directory)")
            StatusCommand.lines(datasets)
            for remote in remotes.entries {
                // A server met but never measured sent no clock: it speaks protocol version 1.
                let unmeasured = sites.site(of: remote.url) != nil ? ", clock not compared (protocol version 1)" : ""
                Output.line(
                    "  remote \(remote.name) \(remote.url)" + (clock(remote.url).map(StatusCommand.line) ?? unmeasured))
            }
            for mirror in mirrors { Output.line("  mirror " + StatusCommand.line(mirror, now: now)) }
        }
    }

    /// A line per dataset, or a hint when there is none.
    static func lines(_ datasets: [DatasetInfo]) {
        if datasets.isEmpty { Output.line("no datasets (tally dataset create NAME --kind election|statement)") }
        for dataset in datasets {
            Output.line(
                "  \(dataset.name) (\(dataset.kind.name)): \(dataset.recordCount) records, "
                    + "\(dataset.conflictCount) conflicts, change \(dataset.sequence)")
        }
    }

    static func json(_ mirror: MirrorStatus, now: Date) -> JSONText {
        let datasets: [JSONText] = mirror.datasets.map { JSONText.string($0) }
        var lastSuccess = JSONText.null
        if let date = mirror.lastSuccess { lastSuccess = .string(timestamp(date)) }
        var lastError = JSONText.null
        if let error = mirror.lastError { lastError = .string(error) }
        var lastErrorAt = JSONText.null
        if let date = mirror.lastErrorAt { lastErrorAt = .string(timestamp(date)) }
        var lagRecords = JSONText.null
        if let lag = mirror.lagRecords { lagRecords = .int(lag) }
        var lagSeconds = JSONText.null
        if let lag = mirror.lagSeconds(at: now) { lagSeconds = .int(Int(lag.rounded(.down))) }
        let members: [(String, JSONText)] = [
            ("url", .string(mirror.url)), ("datasets", .array(datasets)), ("last_success", lastSuccess),
            ("last_error", lastError), ("last_error_at", lastErrorAt), ("failing", .bool(mirror.failures > 0)),
            ("failures", .int(mirror.failures)), ("lag_records", lagRecords), ("lag_seconds", lagSeconds),
        ]
        return .object(members)
    }

    /// `, clock 1 hour ahead of this machine's at the last sync (2026-12-02 00:52 UTC)`.
    static func line(_ clock: PeerClock) -> String {
        ", clock \(ClockSkew.relation(clock.skew)) this machine's at the last sync (\(ClockSkew.date(clock.localClock)))"
    }

    static func line(_ mirror: MirrorStatus, now: Date) -> String {
        var parts = [mirror.url]
        if let seconds = mirror.lagSeconds(at: now) {
            parts.append("last success \(Int(seconds))s ago, \(mirror.lagRecords ?? 0) records behind")
        } else {
            parts.append("never succeeded")
        }
        if mirror.failures > 0, let error = mirror.lastError { parts.append("failing (\(mirror.failures)x): \(error)") }
        return parts.joined(separator: ", ")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
