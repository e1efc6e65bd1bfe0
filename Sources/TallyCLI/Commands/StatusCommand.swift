import Foundation
import Wire
import ArgumentParser
import Replica
import Transport

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The replica: its site, datasets, conflicts and remotes."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        let datasets = try replica.datasets()
        let remotes = try RemoteList(directory: global.directory)
        let mirrors = MirrorStatusFile(directory: global.directory).load()
        let now = Date()
        if global.json {
            Output.json(
                .object([
                    ("site", .string(replica.siteID.hex)),
                    ("directory", .string(replica.directory)),
                    ("datasets", .array(datasets.map(\.json))),
                    ("remotes", .array(remotes.entries.map { .object([("name", .string($0.name)), ("url", .string($0.url))]) })),
                    ("mirrors", .array(mirrors.map { StatusCommand.json($0, now: now) })),
                ])
            )
        } else {
            Output.line("replica \(replica.siteID.hex) in \(replica.directory)")
            if datasets.isEmpty { Output.line("no datasets (tally dataset create NAME --kind election|statement)") }
            for dataset in datasets {
                Output.line("  \(dataset.name) (\(dataset.kind.name)): \(dataset.recordCount) records, "
                    + "\(dataset.conflictCount) conflicts, change \(dataset.sequence)")
            }
            for remote in remotes.entries { Output.line("  remote \(remote.name) \(remote.url)") }
            for mirror in mirrors { Output.line("  mirror " + StatusCommand.line(mirror, now: now)) }
        }
    }

    static func json(_ mirror: MirrorStatus, now: Date) -> JSONText {
        .object([
            ("url", .string(mirror.url)),
            ("datasets", .array(mirror.datasets.map { .string($0) })),
            ("last_success", mirror.lastSuccess.map { .string(timestamp($0)) } ?? .null),
            ("last_error", mirror.lastError.map { .string($0) } ?? .null),
            ("last_error_at", mirror.lastErrorAt.map { .string(timestamp($0)) } ?? .null),
            ("failing", .bool(mirror.failures > 0)),
            ("failures", .int(mirror.failures)),
            ("lag_records", mirror.lagRecords.map { .int($0) } ?? .null),
            ("lag_seconds", mirror.lagSeconds(at: now).map { .int(Int($0.rounded(.down))) } ?? .null),
        ])
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
