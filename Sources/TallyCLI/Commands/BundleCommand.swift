import ArgumentParser
import Foundation
import Store
import Transport
import Wire

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Carry changes on a file: for machines with no network between them.",
        subcommands: [Create.self, Apply.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the changes of this replica to a bundle file.",
            discussion: """
                --since takes a remote name or URL (one this replica has synced or mirrored with) or a replica's \
                site id (as tally status shows it): only what that replica is not known to hold is written.

                With --store postgres://... the changes are read from that PostgreSQL database (a server's shared \
                store) instead of -C DIR.

                Example: tally bundle create /media/usb/fr.tally --dataset fr --since hq
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The bundle file to write (replaced if it exists; never a directory).") var file: String
        @Option(name: .customLong("dataset"), help: "A dataset to include (repeatable; default: all).")
        var datasets: [String] = []
        @Option(help: "Leave out what this remote or site is known to hold.") var since: String?
        @Option(
            name: .customLong("format-version"),
            help: "Bundle format to write: 2 (default), or 1 for a tally older than 0.10 (a larger file).")
        var formatVersion: UInt16 = BundleFormat.version

        func validate() throws {
            let versions = BundleFormat.versions
            guard versions.contains(formatVersion) else {
                throw ValidationError(
                    "--format-version \(formatVersion) is not a bundle format this tally writes: give "
                        + "\(versions.lowerBound)–\(versions.upperBound)")
            }
        }

        func run() async throws {
            let target = try since.flatMap { try BundleCommand.site(of: $0, global: global) }
            let (file, datasets, formatVersion) = (self.file, self.datasets, self.formatVersion)
            let summary = try await ServedStore.with(global, storeOptions) { store in
                var writer = BundleWriter(store: store)
                writer.formatVersion = formatVersion
                let progress = ProgressLine()
                defer { progress.finish() }
                // The total is the span of feed positions, an upper bound on the records written.
                writer.progress = { dataset, done, span in progress.update("bundle", dataset, done, total: span) }
                return try await writer.write(to: file, datasets: datasets, target: target)
            }
            if global.json {
                Output.json(BundleCommand.json(summary, file: file))
            } else {
                for range in summary.header.datasets {
                    let span =
                        range.after == range.through
                        ? "no new changes" : "changes \(range.after + 1)-\(range.through)"
                    Output.line("\(range.name): \(span) of \(summary.header.creator.hex)")
                }
                Output.line(
                    "wrote \(file): \(summary.trailer.recordCount) records in \(summary.trailer.batchCount) "
                        + "batches, \(summary.fileSize) bytes")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a bundle file, then merge it; a damaged bundle is refused and changes nothing.",
            discussion: """
                With --store postgres://... the bundle is merged into that PostgreSQL database (a server's shared \
                store) instead of -C DIR.

                Example: tally bundle apply /media/usb/fr.tally
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The bundle file.") var file: String

        func run() async throws {
            let file = self.file
            let report = try await ServedStore.with(global, storeOptions) { store in
                var applier = BundleApplier(store: store)
                let progress = ProgressLine()
                defer { progress.finish() }
                applier.progress = { _, done, total in progress.update("apply", file, done, total: total) }
                return try await applier.apply(path: file)
            }
            if global.json {
                Output.json(
                    .object([
                        ("file", .string(file)),
                        ("creator", .string(report.summary.header.creator.hex)),
                        ("made_here", .bool(report.madeHere)),
                        ("created", .array(report.created.map { .string($0) })),
                        (
                            "datasets",
                            .array(
                                report.datasets.map {
                                    .object([
                                        ("dataset", .string($0.name)), ("received", .int($0.received)),
                                        ("applied", .int($0.applied)), ("new", .int($0.new)),
                                        ("updated", .int($0.applied - $0.new)), ("unchanged", .int($0.unchanged)),
                                        ("new_conflicts", .int($0.newConflicts)),
                                        ("cursor_advanced", .bool($0.cursorAdvanced)),
                                    ])
                                }
                            )
                        ),
                        ("records_received", .int(report.datasets.reduce(0) { $0 + $1.received })),
                        ("records_applied", .int(report.datasets.reduce(0) { $0 + $1.applied })),
                    ])
                )
            } else if report.madeHere {
                Output.line("\(file) was made by this replica: nothing to apply")
            } else {
                for name in report.created { Output.line("created dataset \(name)") }
                for outcome in report.datasets {
                    var line =
                        "apply \(outcome.name): received \(outcome.received)"
                        + ReceivedCounts(
                            new: outcome.new, updated: outcome.applied - outcome.new, unchanged: outcome.unchanged
                        )
                        .parenthesized
                    if outcome.newConflicts > 0 { line += ", \(outcome.newConflicts) new conflicts" }
                    Output.line(line)
                }
                Output.line("applied \(file) from \(report.summary.header.creator.hex)")
            }
        }
    }

    /// The site `--since` names: a site id, or a remote (name or URL) whose site a sync or mirror recorded.
    /// `nil` for a known remote whose site is not known yet: then everything is written.
    static func site(of argument: String, global: GlobalOptions) throws -> SiteID? {
        if argument.count == 32, let site = SiteID(hex: argument) { return site }
        let remotes = try RemoteList(directory: global.directory)
        let url: String
        if argument.contains("://") {
            url = try remotes.resolve(argument).description
        } else if let named = remotes.url(named: argument) {
            url = try remotes.resolve(named).description
        } else {
            throw CLIError("--since \(argument): no remote of that name and not a site id (see tally remote list)")
        }
        if let site = PeerSites(directory: global.directory).site(of: url) { return site }
        if let hex = MirrorStatusBook(directory: global.directory).status(of: url)?.upstreamSite,
            let site = SiteID(hex: hex)
        {
            return site
        }
        Output.note("tally: nothing is known yet of what \(argument) holds: writing every change")
        return nil
    }

    static func json(_ summary: BundleSummary, file: String) -> JSONText {
        .object([
            ("file", .string(file)),
            ("creator", .string(summary.header.creator.hex)),
            ("target", summary.header.target.map { JSONText.string($0.hex) } ?? .null),
            (
                "datasets",
                .array(
                    summary.header.datasets.map {
                        .object([
                            ("dataset", .string($0.name)), ("kind", .string($0.kind.name)),
                            ("epoch", .string(String($0.epoch, radix: 16))), ("after", .int($0.after)),
                            ("through", .int($0.through)),
                        ])
                    }
                )
            ),
            ("batches", .int(summary.trailer.batchCount)), ("records", .int(summary.trailer.recordCount)),
            ("bytes", .int(summary.fileSize)),
        ])
    }
}
