import Foundation
import NIOCore
import Replica
import Store
import Sync
import Testing
import Transport
import TestSupport
@testable import Wire

/// A real server on 127.0.0.1 keeps Protocol.md as a client written from the document alone sees it, byte by
/// byte: preambles (§6), negotiated compression and frame size (§8, §9), error codes (§12), tokens, features.
@Suite struct ProtocolConformanceTests {
    typealias ReceivedFrame = (frame: Frame, length: UInt32)

    /// A running server and the temporary replicas it lives in (kept until it stops).
    struct Running {
        let server: TestServer
        let replicas: TemporaryReplicas
        var port: Int { server.port }
        var url: RemoteURL { server.url }

        func stop() async throws {
            try await server.stop()
            withExtendedLifetime(replicas) {}
        }
    }

    /// A server over a replica holding `records` records of dataset "fr", with short timeouts so that a test
    /// that goes wrong ends by itself.
    static func server(records: Int = 0, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws
        -> Running
    {
        let replicas = try TemporaryReplicas()
        let replica = try replicas.make()
        if records > 0 { try TemporaryReplicas.seed(replica, count: records) }
        let server = try await TestServer.start(replica: replica) { configuration in
            configuration.idleTimeout = 5
            configuration.handshakeTimeout = 5
            configure(&configuration)
        }
        return Running(server: server, replicas: replicas)
    }

    /// Capabilities a client offers: the defaults with `compression` and `maxFrameSize`.
    static func offering(compression: CompressionSet = .zlib, maxFrameSize: UInt32 = 16 << 20, features: [String] = [])
        -> Capabilities
    {
        Capabilities(
            maxFrameSize: maxFrameSize, maxDecompressedSize: 64 << 20, compression: compression, window: 4,
            features: features)
    }

    /// Pulls "fr" over `conversation` (after WELCOME), acknowledging each batch; returns every frame received.
    static func pullFrames(_ conversation: inout RawConversation) async throws -> [ReceivedFrame] {
        try await conversation.send(.pullRequest(PullRequest(dataset: "fr", cursor: nil, batchSize: 0)))
        var frames: [ReceivedFrame] = []
        while let next = try await conversation.nextFrame() {
            frames.append(next)
            guard case .recordBatch(let batch) = try next.frame.message() else { break }
            try await conversation.send(
                .batchAck(
                    BatchAck(
                        dataset: "fr", batchNumber: batch.batchNumber, cursor: batch.cursor, applied: 0, refusals: [])))
            if batch.isLast { break }
        }
        return frames
    }

    static func records(in frames: [ReceivedFrame]) throws -> Int {
        try frames.reduce(0) { count, next in
            guard case .recordBatch(let batch) = try next.frame.message() else { return count }
            return count + batch.records.count
        }
    }

    @Test func theServerSendsItsPreambleOnConnectWithoutWaitingForTheClients() async throws {
        let server = try await Self.server()
        let preamble = try await RawPeer.converse(port: server.port) { try await $0.preamble() }
        #expect(preamble == Preamble.bytes())
        try await server.stop()
    }

    @Test func aPeerThatIsNotTallyGetsThePreambleOnlyAndIsClosed() async throws {
        let server = try await Self.server()
        let answer = try await RawPeer.exchange(port: server.port, bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(answer == Preamble.bytes())
        try await server.stop()
    }

    @Test func anUnsupportedPreambleVersionGetsThePreambleOnlyAndIsClosed() async throws {
        let server = try await Self.server()
        let bytes = Preamble.bytes(version: 9) + (try FrameEncoder().encodedBytes(RawPeer.hello()))
        let answer = try await RawPeer.exchange(port: server.port, bytes: bytes)
        #expect(answer == Preamble.bytes())
        try await server.stop()
    }

    @Test func aSilentClientIsToldTimeoutWhenTheHandshakeTakesTooLong() async throws {
        let server = try await Self.server { $0.handshakeTimeout = 0.5 }
        let answer = try await RawPeer.exchange(port: server.port, bytes: Preamble.bytes())
        let messages = try RawPeer.messages(in: answer)
        #expect(messages.map(\.type) == [.error])
        if case .error(let error)? = messages.first { #expect(error.code == .timeout) }
        try await server.stop()
    }

    @Test func brokenSizeLimitsAreAnsweredLimitExceeded() async throws {
        let server = try await Self.server()
        let hello = try RawPeer.helloBytes()
        // A length prefix over maxFrameSize, then a declared size over maxDecompressedSize.
        let oversized: [UInt8] = [0xFF, 0xFF, 0xFF, 0xF0, 0x21, 0x00, 0, 0, 0, 1, 0, 0, 0, 0]
        let overDeclared: [UInt8] = [0, 0, 0, 20, 0x21, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        for (name, frame) in [("length", oversized), ("declared size", overDeclared)] {
            let answer = try await RawPeer.exchange(port: server.port, bytes: hello + frame)
            let codes = try RawPeer.messages(in: answer).compactMap { message -> ErrorCode? in
                if case .error(let error) = message { return error.code }
                return nil
            }
            #expect(codes == [.limitExceeded], "\(name)")
        }
        try await server.stop()
    }

    @Test func aClientThatDidNotAgreeToZlibReceivesNoCompressedFrame() async throws {
        let server = try await Self.server(records: 300)
        let frames = try await RawPeer.converse(port: server.port) { conversation -> [ReceivedFrame] in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(Self.offering(compression: [])))
            guard case .welcome(let welcome)? = try await conversation.nextMessage() else { return [] }
            #expect(welcome.capabilities.compression.isEmpty)
            return try await Self.pullFrames(&conversation)
        }
        #expect(try Self.records(in: frames) == 300)
        #expect(frames.allSatisfy { !$0.frame.flags.contains(.compressed) })
        try await server.stop()
    }

    @Test func aClientThatAgreedToZlibReceivesCompressedBatches() async throws {
        let server = try await Self.server(records: 300)
        let frames = try await RawPeer.converse(port: server.port) { conversation -> [ReceivedFrame] in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(Self.offering(compression: .zlib)))
            _ = try await conversation.nextMessage()
            return try await Self.pullFrames(&conversation)
        }
        #expect(try Self.records(in: frames) == 300)
        #expect(frames.contains { $0.frame.flags.contains(.compressed) })
        try await server.stop()
    }

    @Test func aCompressedFrameWhenZlibWasNotAgreedIsAProtocolViolation() async throws {
        let server = try await Self.server()
        var payload = ByteBuffer()
        payload.writeInteger(UInt64(42))
        let compressed = try #require(Zlib.deflate(payload.readableBytesView, level: 6, limit: 64))
        var frame = ByteBuffer()
        frame.writeInteger(UInt32(10 + compressed.count))
        frame.writeInteger(MessageType.ping.rawValue)
        frame.writeInteger(FrameFlags.compressed.rawValue)
        frame.writeInteger(UInt32(8))
        frame.writeInteger(Zlib.crc32(ByteBuffer(bytes: compressed).readableBytesView))
        frame.writeBytes(compressed)
        let messages = try await RawPeer.converse(port: server.port) { conversation in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(Self.offering(compression: [])))
            var messages: [WireMessage] = []
            if let welcome = try await conversation.nextMessage() { messages.append(welcome) }
            try await conversation.send(Array(frame.readableBytesView))
            while let message = try await conversation.nextMessage() { messages.append(message) }
            return messages
        }
        #expect(messages.map(\.type) == [.welcome, .error])
        if case .error(let error)? = messages.last { #expect(error.code == .protocolViolation) }
        try await server.stop()
    }

    @Test func aDecompressionBombAfterWelcomeIsRefusedWithoutInflatingIt() async throws {
        let server = try await Self.server()
        let zeros = ByteBuffer(repeating: 0, count: 8 << 20)
        let bomb = try #require(Zlib.deflate(zeros.readableBytesView, level: 9, limit: 1 << 20))
        var frame = ByteBuffer()
        frame.writeInteger(UInt32(10 + bomb.count))
        frame.writeInteger(MessageType.recordBatch.rawValue)
        frame.writeInteger(FrameFlags.compressed.rawValue)
        frame.writeInteger(UInt32(64))
        frame.writeInteger(Zlib.crc32(ByteBuffer(bytes: bomb).readableBytesView))
        frame.writeBytes(bomb)
        let messages = try await RawPeer.converse(port: server.port) { conversation in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(Self.offering(compression: .zlib)))
            var messages: [WireMessage] = []
            if let welcome = try await conversation.nextMessage() { messages.append(welcome) }
            try await conversation.send(Array(frame.readableBytesView))
            while let message = try await conversation.nextMessage() { messages.append(message) }
            return messages
        }
        #expect(messages.map(\.type) == [.welcome, .error])
        if case .error(let error)? = messages.last {
            #expect(error.code == .protocolViolation)
            #expect(error.message.hasPrefix("inflatedSizeMismatch"))
        }
        try await server.stop()
    }

    @Test func everyFrameKeepsToTheMaxFrameSizeTheClientAgreedTo() async throws {
        let server = try await Self.server(records: 400)
        let limit: UInt32 = 4_096
        let frames = try await RawPeer.converse(port: server.port) { conversation -> [ReceivedFrame] in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(Self.offering(compression: [], maxFrameSize: limit)))
            guard case .welcome(let welcome)? = try await conversation.nextMessage() else { return [] }
            #expect(welcome.capabilities.maxFrameSize == limit)
            return try await Self.pullFrames(&conversation)
        }
        #expect(try Self.records(in: frames) == 400)
        #expect(frames.count > 10)
        #expect(frames.allSatisfy { $0.length <= limit }, "\(frames.map(\.length).max() ?? 0)")
        try await server.stop()
    }

    @Test func aPushToAServerWithSmallFramesIsCutToFitAndArrivesWhole() async throws {
        let server = try await Self.server { $0.frameLimits = FrameLimits(maxFrameSize: 8_192) }
        let client = try server.replicas.make()
        try TemporaryReplicas.seed(client, count: 400)
        let (report, _) = try await SyncClient.withSession(
            url: server.url, store: ReplicaRecordStore(replica: client), token: nil
        ) { try await $0.push(dataset: "fr") }
        #expect(report.recordsSent == 400)
        #expect(report.batches > 5)
        #expect(try TemporaryReplicas.states(server.server.replica, "fr") == TemporaryReplicas.states(client, "fr"))
        try await server.stop()
    }

    @Test func welcomeAdvertisesTheFrameLimitsTheServerEnforces() async throws {
        let server = try await Self.server { $0.frameLimits = FrameLimits(maxFrameSize: 65_536) }
        let welcome = try await RawPeer.converse(port: server.port) { conversation -> Welcome? in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello())
            guard case .welcome(let welcome)? = try await conversation.nextMessage() else { return nil }
            return welcome
        }
        #expect(welcome?.capabilities.maxFrameSize == 65_536)
        try await server.stop()
    }

    @Test func welcomeListsReconcileToAClientThatOffersIt() async throws {
        let server = try await Self.server()
        for offered in [[ProtocolFeature.reconcile], []] {
            let welcome = try await RawPeer.converse(port: server.port) { conversation -> Welcome? in
                try await conversation.send(Preamble.bytes())
                try await conversation.send(RawPeer.hello(Self.offering(features: offered)))
                guard case .welcome(let welcome)? = try await conversation.nextMessage() else { return nil }
                return welcome
            }
            #expect(welcome?.capabilities.features == offered)
        }
        try await server.stop()
    }

    @Test func anOpenServerRefusesAnUnknownTokenUnauthorized() async throws {
        let server = try await Self.server(records: 5)
        let messages = try await RawPeer.converse(port: server.port) { conversation in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(token: "tly_w_notAToken"))
            var messages: [WireMessage] = []
            while let message = try await conversation.nextMessage() { messages.append(message) }
            return messages
        }
        #expect(messages.map(\.type) == [.error])
        if case .error(let error)? = messages.first { #expect(error.code == .unauthorized) }
        // Without a token the open server serves as before.
        let client = try server.replicas.make()
        let report = try await EndToEndTests.sync(client, server.url)
        #expect(report.pulled.recordsReceived == 5)
        try await server.stop()
    }
}
