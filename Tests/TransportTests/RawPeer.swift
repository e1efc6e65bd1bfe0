import NIOCore
import NIOPosix
@testable import Wire

/// A hostile or clumsy peer: writes exactly the bytes a test gives, then reads whatever the server answers
/// until the server closes the connection.
enum RawPeer {
    /// Sends `bytes` (optionally leaving the connection open and silent), returns all bytes received until close.
    static func exchange(port: Int, bytes: [UInt8]) async throws -> [UInt8] {
        let channel = try await connect(port: port, from: nil)
        let received = ReceivedBytes()
        do {
            try await channel.executeThenClose { inbound, outbound in
                // The server may close before all of it is written (it stops reading at the first bad byte).
                try? await outbound.write(ByteBuffer(bytes: bytes))
                for try await chunk in inbound { received.append(chunk) }
            }
        } catch {
            // A reset or a close while writing is how a server ends a bad connection: keep what arrived.
        }
        return received.bytes
    }

    /// The messages in what a server sent: its preamble, then frames.
    static func messages(in bytes: [UInt8]) throws -> [WireMessage] {
        var buffer = ByteBuffer(bytes: bytes)
        guard try PreambleDecoder().decodeOrThrow(&buffer) != nil else { return [] }
        return try FrameDecoder().messages(in: Array(buffer.readableBytesView))
    }

    /// A client preamble followed by a valid HELLO frame.
    static func helloBytes() throws -> [UInt8] {
        let hello = Hello(
            minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "raw", capabilities: .defaults, token: nil
        )
        return Preamble.bytes() + (try FrameEncoder().encodedBytes(.hello(hello)))
    }
}

/// Bytes collected from a connection, kept even when the connection ends with an error.
final class ReceivedBytes: @unchecked Sendable {
    private(set) var bytes: [UInt8] = []

    func append(_ chunk: ByteBuffer) {
        bytes += chunk.readableBytesView
    }
}

/// One side of a scripted conversation with a server over a real socket: sends exactly the frames a test gives
/// and reads the server's preamble and frames one at a time, as they come (see `RawPeer.converse`).
struct RawConversation {
    fileprivate var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    fileprivate let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var received = ByteBuffer()
    private var sawPreamble = false

    fileprivate init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends raw bytes.
    mutating func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Sends `message` as one uncompressed frame.
    mutating func send(_ message: WireMessage) async throws {
        try await send(try FrameEncoder(allowsCompression: false).encodedBytes(message))
    }

    /// The server's 6 preamble bytes, or fewer if it closed first.
    mutating func preamble() async throws -> [UInt8] {
        while received.readableBytes < Preamble.size, try await more() {}
        sawPreamble = true
        return received.readBytes(length: min(Preamble.size, received.readableBytes)) ?? []
    }

    /// The server's next frame and its length prefix, or `nil` when the server closed between frames.
    mutating func nextFrame() async throws -> (frame: Frame, length: UInt32)? {
        if !sawPreamble { _ = try await preamble() }
        while true {
            let length = received.getInteger(at: received.readerIndex, endianness: .big, as: UInt32.self)
            if let length, let frame = try FrameDecoder().decodeFrame(from: &received) { return (frame, length) }
            guard try await more() else { return nil }
        }
    }

    /// The server's next message, or `nil` when it closed.
    mutating func nextMessage() async throws -> WireMessage? {
        try await nextFrame()?.frame.message()
    }

    /// Reads more bytes; `false` at the end of the stream (a reset counts as the end).
    private mutating func more() async throws -> Bool {
        do {
            guard let chunk = try await inbound.next() else { return false }
            received.writeImmutableBuffer(chunk)
            return true
        } catch {
            return false
        }
    }
}

extension RawPeer {
    /// Connects to 127.0.0.1:`port` (from the loopback address `source`, such as 127.0.0.2, when given), runs
    /// `body` with the conversation, then closes.
    static func converse<T: Sendable>(
        port: Int, from source: String? = nil, _ body: (inout RawConversation) async throws -> T
    ) async throws -> T {
        let channel = try await connect(port: port, from: source)
        return try await channel.executeThenClose { inbound, outbound in
            var conversation = RawConversation(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&conversation)
        }
    }

    /// A raw connection to 127.0.0.1:`port`, bound to the loopback address `source` when given (Linux routes all
    /// of 127.0.0.0/8 to loopback, so one machine can be several peers).
    private static func connect(port: Int, from source: String?) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer>
    {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        return try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    }

    /// A HELLO offering `capabilities`, with `token`.
    static func hello(_ capabilities: Capabilities = .defaults, token: String? = nil) -> WireMessage {
        .hello(
            Hello(
                minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "raw", capabilities: capabilities,
                token: token
            ))
    }
}
