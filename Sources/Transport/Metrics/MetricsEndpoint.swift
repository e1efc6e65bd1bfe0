import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle

/// A plain-HTTP endpoint that answers `GET /metrics` with the Prometheus text that `render` returns, and 404 for
/// anything else. It runs beside the server as its own service (`tally serve --metrics HOST:PORT`).
public final class MetricsEndpoint: Service, Sendable {
    private let host: String
    private let port: Int
    private let render: @Sendable () -> String
    private let onListening: @Sendable (Int) -> Void

    /// Makes an endpoint on `host:port` (port 0 picks one; `onListening` gets the port).
    public init(
        host: String, port: Int, render: @escaping @Sendable () -> String,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.render = render
        self.onListening = onListening
    }

    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        onListening(server.channel.localAddress?.port ?? port)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { try? await self.answer(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    private func answer(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var path = ""
            for try await part in inbound {
                switch part {
                case .head(let head):
                    path = head.uri
                case .body:
                    continue
                case .end:
                    let found = path == "/metrics" || path.hasPrefix("/metrics?")
                    let body = found ? render() : "not found\n"
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4" : "text/plain")
                    headers.add(name: "Content-Length", value: String(body.utf8.count))
                    headers.add(name: "Connection", value: "close")
                    try await outbound.write(
                        .head(HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound, headers: headers))
                    )
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                    try await outbound.write(.end(nil))
                    return
                }
            }
        }
    }
}
