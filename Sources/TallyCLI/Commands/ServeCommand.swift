import Wire
import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import NIOCore
import NIOSSL
import Replica
import Store
import ServiceLifecycle
import UnixSignals
import Sync
import Transport

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the replica in -C DIR (created if missing), or a PostgreSQL database (--store), to tally clients.",
        discussion: """
            Prints "listening on HOST:PORT" on stdout when ready. Stops cleanly on SIGTERM or SIGINT.
            With no token created (tally token create), it listens on loopback addresses only.

            With --http HOST:PORT (or just PORT, on 127.0.0.1) it also serves a status page at /, its JSON at \
            /api/status, Prometheus metrics at /metrics, and /healthz and /readyz, and prints "http on HOST:PORT". \
            Off loopback the HTTP side needs tokens to exist, and then asks for one covering every dataset \
            (?token=TOKEN or Authorization: Bearer TOKEN). See docs/operations.md.

            Example: tally -C ~/server serve --listen 127.0.0.1:7878 --http 127.0.0.1:8080
            Example: tally -C ~/server serve --listen 0.0.0.0:7878 --tls-cert cert.pem --tls-key key.pem

            With --store postgres://USER@HOST:PORT/DB the records live in that PostgreSQL database, and every \
            server started with the same --store serves the same replica (docs/operations.md). A --mirror of such \
            a server keeps its status in memory (the status page shows it); run it on one of the servers.
            Example: PGPASSWORD=... tally serve --store postgres://tally@db:5432/tally --listen 127.0.0.1:7878
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "HOST:PORT to listen on; port 0 picks a free one.") var listen: String = "127.0.0.1:7878"
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain for tallys://.") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for tallys://.") var tlsKey: String?
    @Option(name: .customLong("max-connections"), help: "Connections served at once, authenticated or not.")
    var maxConnections = 1_280
    @Option(name: .customLong("max-unauthenticated"), help: "Connections at once not yet authenticated (WELCOME).")
    var maxUnauthenticated = 256
    @Option(
        name: .customLong("max-unauthenticated-per-address"),
        help: "Connections at once not yet authenticated from one IP address."
    ) var maxUnauthenticatedPerAddress = 16
    @Option(name: .customLong("max-frame-size"), help: "Largest frame accepted, bytes.") var maxFrameSize = 16 << 20
    @Option(name: .customLong("max-decompressed-size"), help: "Largest inflated payload accepted, bytes.")
    var maxDecompressedSize = 64 << 20
    @Option(name: .customLong("max-buffered-bytes"), help: "Incoming frame bytes held at once, all connections.")
    var maxBufferedBytes = 256 << 20
    @Option(name: .customLong("max-batch"), help: "Most records accepted in one batch.") var maxBatch = 10_000
    @Option(name: .customLong("handshake-timeout"), help: "Seconds to send the preamble and HELLO.")
    var handshakeTimeout = 10.0
    @Option(name: .customLong("min-transfer-rate"), help: "Bytes per second a frame in flight must arrive at; 0: off.")
    var minTransferRate = 1_024
    @Option(name: .customLong("transfer-rate-window"), help: "Seconds over which --min-transfer-rate is measured.")
    var transferRateWindow = 10.0
    @Option(name: .customLong("idle-timeout"), help: "Seconds a silent connection is kept.") var idleTimeout = 120.0
    @Option(
        name: [.customLong("http"), .customLong("metrics")],
        help: "HOST:PORT (or PORT, on 127.0.0.1) for the status page, /api/status, /metrics and health checks."
    ) var http: String?
    @Option(name: .customLong("tombstone-grace"), help: "Days a tombstone is kept after every known peer has it.")
    var tombstoneGrace = 30.0
    @Option(name: .customLong("collect-every"), help: "Seconds between tombstone collections.")
    var collectEvery = 3_600.0
    @Option(
        name: .customLong("max-clock-skew"),
        help: "Refuse peers whose clock is further off than this, and records dated further ahead (default 7d).")
    var maxClockSkew: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: "An upstream to mirror (repeatable; each pairs with an --every).") var mirror: [String] = []
    @Option(help: "How often to pull the --mirror of the same position: 30s, 5m, 1h.") var every: [String] = []
    @Option(name: .customLong("mirror-token-file"), help: "A file holding the token the --mirror upstreams want.")
    var mirrorTokenFile: String?

    func run() async throws {
        guard let address = try? HostPort(parsing: Substring(listen), defaultPort: nil) else {
            throw CLIError("--listen takes HOST:PORT, such as 127.0.0.1:7878")
        }
        let (host, port) = (address.host, address.port)
        let httpAddress = try http.map(Self.httpAddress)
        let plannedMirrors = try mirrorJobs()
        let opened = try await ServedStore.open(global, storeOptions, creating: true, maxClockSkew: maxClockSkew)
        let store = opened.store
        // The mirrors' handshakes keep to the same clock limit as the server's own.
        let mirrorJobs = plannedMirrors.map { job in
            var job = job
            job.options = job.options.clocks(of: store)
            return job
        }
        // A replica folder keeps the mirrors' status in its .tally folder; a shared store's server, in memory.
        let mirrorStatus: MirrorStatusBook? =
            mirrorJobs.isEmpty
            ? nil : opened.replica.map { MirrorStatusBook(directory: $0.directory) } ?? .inMemory()
        let hasTokens = try await store.hasTokens()
        if !hasTokens, !ServeCommand.isLoopback(host) {
            throw CLIError(
                "refusing to listen on \(host) with no token: "
                    + "create one with tally token create, or listen on 127.0.0.1"
            )
        }
        if let httpHost = httpAddress?.0, !hasTokens, !ServeCommand.isLoopback(httpHost) {
            throw CLIError(
                "refusing to serve HTTP on \(httpHost) with no token: "
                    + "create one with tally token create --dataset '*' --scope read, or use --http 127.0.0.1:PORT"
            )
        }
        // The metrics system first: every counter made after this reports to /metrics (one made before it
        // would report nowhere, forever).
        let registry = PrometheusCollectorRegistry()
        if httpAddress != nil { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
        var configuration = ServerConfiguration(host: host, port: port)
        if tlsCert != nil || tlsKey != nil {
            guard let tlsCert, let tlsKey else { throw CLIError("--tls-cert and --tls-key go together") }
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(tlsCert).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
                configuration.tls = try NIOSSLContext(
                    configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
                )
            } catch {
                throw CLIError("cannot load the TLS certificate \(tlsCert) or key \(tlsKey); give PEM files")
            }
        }
        try checkLimits()
        try OpenFileLimit.ensure(connections: maxConnections)
        configuration.maxConnections = maxConnections
        configuration.maxUnauthenticated = maxUnauthenticated
        configuration.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
        configuration.maxBufferedBytes = maxBufferedBytes
        configuration.minimumTransferRate = minTransferRate
        configuration.transferRateWindow = transferRateWindow
        configuration.frameLimits = .init(
            maxFrameSize: UInt32(clamping: maxFrameSize), maxDecompressedSize: UInt32(clamping: maxDecompressedSize)
        )
        configuration.session.maxBatchRecords = maxBatch
        configuration.session.maxClockSkew = store.maxClockSkew
        configuration.handshakeTimeout = handshakeTimeout
        configuration.idleTimeout = idleTimeout
        configuration.nodeName = ProcessInfo.processInfo.hostName

        var configuredLogger = Logger(label: "tally.serve")
        configuredLogger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let logger = configuredLogger
        let scheme = configuration.tls == nil ? "tally" : "tallys"
        let server = SyncServer(
            configuration: configuration, store: store, policy: StoreAccessPolicy(store: store, logger: logger),
            logger: logger
        ) { host, port in
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
            logger.info("serving", metadata: ["url": "\(scheme)://\(host):\(port)"])
        }
        // The store's own service first: it stops last, after the server and everything else that uses it.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] =
            opened.service.map { [.init(service: $0)] } ?? []
        services.append(.init(service: server))
        if let httpAddress {
            let (httpHost, httpPort) = httpAddress
            let source = StatusSource(
                store: store, mirrorStatus: mirrorStatus, activity: server.activity,
                mirrorJobs: mirrorJobs, nodeName: configuration.nodeName)
            let side = StatusHTTPServer(
                host: httpHost, port: httpPort, requireToken: !ServeCommand.isLoopback(httpHost), source: source,
                renderMetrics: { registry.emitToString() }, logger: logger
            ) { host, port in
                FileHandle.standardOutput.write(Data("http on \(host):\(port)\n".utf8))
                logger.info("http", metadata: ["url": "http://\(host):\(port)/"])
            }
            services.append(.init(service: side))
        }
        if let mirrorStatus {
            for job in mirrorJobs {
                services.append(
                    .init(service: MirrorService(job: job, store: store, statusBook: mirrorStatus, logger: logger)))
            }
        }
        services.append(
            .init(
                service: TombstoneCollector(
                    store: store, grace: UInt64(max(0, tombstoneGrace) * 86_400_000),
                    interval: max(1, collectEvery), logger: logger
                )
            )
        )
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch let error as TransportError {
            throw CLIError(error.message)
        } catch {
            throw ServeCommand.listenFailure(error, listen: listen, http: http)
        }
    }

    /// Refuses connection limits that could not work, naming the flag.
    func checkLimits() throws {
        let positive = [
            ("--max-connections", maxConnections), ("--max-unauthenticated", maxUnauthenticated),
            ("--max-unauthenticated-per-address", maxUnauthenticatedPerAddress),
        ]
        for (flag, value) in positive where value <= 0 {
            throw CLIError("\(flag) takes a number of connections above 0, not \(value)")
        }
        guard maxBufferedBytes >= maxFrameSize else {
            throw CLIError("--max-buffered-bytes must hold at least one frame: give \(maxFrameSize) or more")
        }
        guard minTransferRate >= 0 else { throw CLIError("--min-transfer-rate takes bytes per second, 0 or more") }
        for (flag, seconds) in [
            ("--handshake-timeout", handshakeTimeout), ("--transfer-rate-window", transferRateWindow),
        ]
        where !(seconds > 0) {
            throw CLIError("\(flag) takes a number of seconds above 0, not \(seconds)")
        }
    }

    /// The `--mirror URL --every D` pairs, in order; a single `--every` serves every `--mirror`.
    func mirrorJobs() throws -> [MirrorJob] {
        guard !mirror.isEmpty || !every.isEmpty else { return [] }
        guard every.count == mirror.count || (every.count == 1 && !mirror.isEmpty) else {
            throw CLIError(
                "give each --mirror URL its --every DURATION (\(mirror.count) mirrors, \(every.count) durations)"
            )
        }
        let remotes = try RemoteList(directory: global.directory)
        var token: String?
        if let mirrorTokenFile {
            guard let text = try? String(contentsOfFile: mirrorTokenFile, encoding: .utf8) else {
                throw CLIError("cannot read the token file \(mirrorTokenFile)")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return try mirror.enumerated().map { index, text in
            let duration = every.count == 1 ? every[0] : every[index]
            guard let interval = DurationText.parse(duration) else {
                throw CLIError("--every takes a duration such as 30s, 5m or 1h, not \(duration)")
            }
            return MirrorJob(
                url: try remotes.resolve(text), every: interval, token: token,
                nodeName: ProcessInfo.processInfo.hostName
            )
        }
    }

    /// `--http`'s `HOST:PORT`, or `PORT` alone for 127.0.0.1.
    static func httpAddress(_ text: String) throws -> (String, Int) {
        if let port = Int(text), (0...65_535).contains(port) { return ("127.0.0.1", port) }
        guard let address = try? HostPort(parsing: Substring(text), defaultPort: nil) else {
            throw CLIError("--http takes HOST:PORT or PORT, such as 127.0.0.1:8080, not \(text)")
        }
        return (address.host, address.port)
    }

    /// The one line for a server that could not start or stopped on an error.
    static func listenFailure(_ error: any Error, listen: String, http: String?) -> CLIError {
        let errno = (error as? IOError)?.errnoCode
        let text = "\(error)"
        let address = http.map { "\(listen) or \($0)" } ?? listen
        if errno == EADDRINUSE || text.contains("Address already in use") {
            return CLIError(
                "cannot listen on \(address): address already in use; stop the other server or pick another port")
        }
        if errno == EADDRNOTAVAIL || text.contains("Cannot assign requested address") {
            return CLIError("cannot listen on \(address): no such address on this machine; check --listen")
        }
        if errno == EACCES || text.contains("Permission denied") {
            return CLIError("cannot listen on \(address): permission denied; pick a port above 1023")
        }
        let failure = FailureLine.describe(error)
        return CLIError("the server stopped: \(failure.message)", exitCode: failure.exitCode)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
