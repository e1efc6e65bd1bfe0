import NIOCore
import NIOEmbedded
import Testing
import Wire

/// The decoder and encoder in a real NIO pipeline (an `EmbeddedChannel`, no sockets).
@Suite struct ChannelHandlerTests {
    static func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireMessageDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WireMessageEncoder()))
        return channel
    }

    @Test func messagesWrittenComeOutAsFramesAndFramesReadComeInAsMessages() throws {
        let channel = try ChannelHandlerTests.channel()
        let messages = Samples.fixtures.map(\.message)
        var stream = ByteBuffer()
        for message in messages { try FrameEncoder().encode(message, into: &stream) }
        // Deliver the stream in 7-byte pieces.
        while stream.readableBytes > 0 {
            try channel.writeInbound(stream.readSlice(length: min(7, stream.readableBytes))!)
        }
        var received: [WireMessage] = []
        while let message = try channel.readInbound(as: WireMessage.self) { received.append(message) }
        #expect(received == messages)

        try channel.writeOutbound(WireMessage.ping(Ping(nonce: 7)))
        let bytes = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(try FrameDecoder().frames(in: bytes).map { try $0.message() } == [.ping(Ping(nonce: 7))])
        #expect(try channel.finish().isClean)
    }

    @Test func aPeerThatStopsMidFrameIsTruncated() throws {
        let channel = try ChannelHandlerTests.channel()
        let frame = try FrameEncoder().encode(.goodbye(Goodbye(reason: "bye")))
        try channel.writeInbound(frame.getSlice(at: 0, length: frame.readableBytes - 2)!)
        #expect(try channel.readInbound(as: WireMessage.self) == nil)
        #expect(throws: WireError(.truncated, "stream ended inside a frame (\(frame.readableBytes - 2) bytes)")) {
            _ = try channel.finish()
        }
    }

    @Test func anOversizedLengthFailsThePipelineAtOnce() throws {
        let channel = try ChannelHandlerTests.channel()
        #expect {
            try channel.writeInbound(ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF]))
        } throws: { error in
            (error as? WireError)?.code == .frameTooLarge
        }
        _ = try? channel.finish()
    }
}
