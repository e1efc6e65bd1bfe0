import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization
import Sync

/// The HTTP side of `tally serve --http HOST:PORT`, on Hummingbird. It runs as a service in the server's
/// `ServiceGroup` and answers:
///
/// - `GET /`: the status page (HTML, CSS and a small script, all inline) that shows `/api/status` and refreshes it;
/// - `GET /api/status`: the `StatusReport` as JSON;
/// - `GET /metrics`: Prometheus text, from `renderMetrics`;
/// - `GET /healthz`: 200 `ok` while the process runs;
/// - `GET /readyz`: 200 `ready` when the store answers and the sync port listens, else 503.
///
/// With `requireToken`, every path but the two probes needs a token of the replica covering every dataset.
public final class StatusHTTPServer: Service, Sendable {
    private let host: String
    private let port: Int
    private let requireToken: Bool
    private let source: StatusSource
    private let renderMetrics: @Sendable () -> String
    private let logger: Logger
    private let onListening: @Sendable (String, Int) -> Void

    /// Makes the HTTP side on `host:port` (port 0 picks a free one; `onListening(host, port)` gets the real one).
    public init(
        host: String, port: Int, requireToken: Bool, source: StatusSource,
        renderMetrics: @escaping @Sendable () -> String, logger: Logger,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) {
        self.host = host
        self.port = port
        self.requireToken = requireToken
        self.source = source
        self.renderMetrics = renderMetrics
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves the status page and the metrics until graceful shutdown.
    public func run() async throws {
        let router = Router()
        if requireToken { router.add(middleware: ReadTokenMiddleware(store: source.store)) }
        let source = self.source
        let renderMetrics = self.renderMetrics
        let logger = self.logger
        router.get("/") { _, _ -> Response in StatusHTTPServer.text(StatusPage.html, type: "text/html; charset=utf-8") }
        router.get("/api/status") { _, _ -> Response in
            do {
                let report = try await source.report()
                return StatusHTTPServer.text(try report.json(), type: "application/json")
            } catch {
                logger.error("status report failed", metadata: ["error": "\(error)"])
                return StatusHTTPServer.text(
                    "the status could not be read from the store: \(error)\n", status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ -> Response in
            StatusHTTPServer.text(renderMetrics(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/healthz") { _, _ -> Response in StatusHTTPServer.text("ok\n") }
        router.get("/readyz") { _, _ -> Response in
            let ready = await source.isReady()
            return ready
                ? StatusHTTPServer.text("ready\n") : StatusHTTPServer.text("not ready\n", status: .serviceUnavailable)
        }
        let started = Mutex(false)
        let (host, onListening) = (self.host, self.onListening)
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "tally"),
            onServerRunning: { channel in
                started.withLock { $0 = true }
                onListening(host, channel.localAddress?.port ?? 0)
            },
            logger: quiet
        )
        do {
            try await application.run()
        } catch  where !started.withLock({ $0 }) {
            throw TransportError(.refusedToListen, "cannot listen on \(host):\(port) for --http: \(Self.reason(error))")
        }
    }

    /// A response with `body` as text.
    static func text(_ body: String, type: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok)
        -> Response
    {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }

    /// Why a bind failed, in words (`address already in use`), not a NIO error dump.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
        }
        return "\(error)"
    }
}
