import ArgumentParser
import Foundation
import Logging
import Replica
import Store
import Sync
import ServiceLifecycle
import Transport
import UnixSignals
import Wire

struct MirrorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",
        abstract: "Keep this replica in step with an upstream server: pull on a schedule.",
        discussion: """
            Pull only. Runs until SIGTERM or SIGINT (or once, with --once). On failure it retries with \
            exponential backoff (capped at the smaller of --every and 5 minutes), then returns to the schedule. \
            tally status --json shows each mirror's last success, last error and lag. With --once the exit \
            code is that of pull: 0 done, 1 refused, 75 a network or server failure worth retrying.

            Example: tally -C ~/mirror mirror tallys://hq.example.org:7878 --every 5m --token-file read.token
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Option(help: "Time between runs: 30s, 5m, 1h.") var every: String
    @Flag(help: "Run once and exit (non-zero if the run failed).") var once = false
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"

    func run() async throws {
        guard let interval = DurationText.parse(every) else {
            throw CLIError("--every takes a duration such as 30s, 5m or 1h, not \(every)")
        }
        guard network.remote != nil else { throw CLIError("name the upstream: tally mirror URL --every D") }
        let replica = try ReplicaLocation.openOrCreate(global)
        let (url, trust) = try network.target(in: try RemoteList(directory: global.directory))
        let job = MirrorJob(
            url: url, datasets: network.datasets, every: interval, trust: trust,
            token: try network.token(), options: SessionOptions().clocks(of: ReplicaRecordStore(replica: replica)),
            nodeName: ProcessInfo.processInfo.hostName,
            timeouts: try network.timeouts()
        )
        var configured = Logger(label: "tally.mirror")
        configured.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let logger = configured
        if once {
            do {
                let result = try await MirrorService.runOnce(
                    job, store: ReplicaRecordStore(replica: replica),
                    statusBook: MirrorStatusBook(directory: replica.directory))
                PeerSites.record(url: url.description, site: result.upstreamSite, directory: global.directory)
                MirrorCommand.report(result, url: url, json: global.json)
            } catch {
                let failure = FailureLine.describe(error)
                throw CLIError("mirror \(url) failed: \(failure.message)", exitCode: failure.exitCode)
            }
            return
        }
        let service = MirrorService(
            job: job, store: ReplicaRecordStore(replica: replica),
            statusBook: MirrorStatusBook(directory: replica.directory), logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            let failure = FailureLine.describe(error)
            throw CLIError("the mirror stopped: \(failure.message)", exitCode: failure.exitCode)
        }
    }

    static func report(_ result: MirrorRunResult, url: RemoteURL, json: Bool) {
        if json {
            Output.json(
                .object([
                    ("url", .string(url.description)), ("upstream_site", .string(result.upstreamSite.hex)),
                    ("datasets", .array(result.datasets.map { .string($0) })),
                    ("received", .int(result.recordsReceived)), ("applied", .int(result.recordsApplied)),
                    ("new", .int(result.recordsCreated)),
                    ("updated", .int(result.recordsApplied - result.recordsCreated)),
                    ("unchanged", .int(result.recordsUnchanged)),
                    ("lag_records", .int(result.lagRecords)),
                ])
            )
        } else {
            Output.line(
                "mirror \(url): received \(result.recordsReceived)"
                    + ReceivedCounts(
                        new: result.recordsCreated, updated: result.recordsApplied - result.recordsCreated,
                        unchanged: result.recordsUnchanged
                    ).parenthesized + " in "
                    + "\(result.datasets.joined(separator: ", ")); \(result.lagRecords) records behind")
        }
    }
}
