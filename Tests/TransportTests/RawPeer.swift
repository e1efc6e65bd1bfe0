import NIOCore
import NIOPosix
@testable import Wire

/// A hostile or clumsy peer: writes exactly the bytes a test gives, then reads whatever the server answers
/// until the server closes the connection.
enum RawPeer {
    /// Sends `bytes` (optionally leaving the connection open and silent), returns all bytes received until close.
    static func exchange(port: Int, bytes: [UInt8]) async throws -> [UInt8] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
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
