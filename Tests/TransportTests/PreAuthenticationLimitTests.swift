import Logging
import Replica
import Store
import Sync
import Testing
import Transport
import TestSupport
@testable import Wire

/// What a stranger can make the server do before authenticating (Protocol.md §8, issue 12): small frames until
/// WELCOME, a deadline for the handshake, a memory budget for frames, a minimum transfer rate, connection limits
/// that keep slots for authenticated peers, and bad tokens slowed per address. Each test drives a real server over
/// 127.0.0.1 with raw bytes; several peers are told apart by their source address (127.0.0.2, 127.0.0.3, ...).
@Suite struct PreAuthenticationLimitTests {
    /// The 14 bytes a frame starts with: length prefix, type, flags, declared size, CRC-32 (zero: wrong unless the
    /// payload is empty, which the tests never reach).
    static func header(_ type: MessageType, length: Int, compressed: Bool = false, declared: Int? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: Int) { bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        append(length)
        bytes += [type.rawValue, compressed ? FrameFlags.compressed.rawValue : 0]
        append(declared ?? length - Frame.headerSize)
        append(0)
        return bytes
    }

    /// Sends the preamble and HELLO and expects WELCOME.
    static func authenticate(_ conversation: inout RawConversation, token: String? = nil) async throws {
        try await conversation.send(Preamble.bytes())
        try await conversation.send(RawPeer.hello(ProtocolConformanceTests.offering(), token: token))
        let answer = try await conversation.nextMessage()
        guard case .welcome = answer else {
            Issue.record("expected WELCOME, got \(String(describing: answer))")
            return
        }
    }

    /// The ERROR the server sends next, or `nil` if it sends something else or closes.
    static func nextError(_ conversation: inout RawConversation) async throws -> ErrorMessage? {
        guard case .error(let error)? = try await conversation.nextMessage() else { return nil }
        return error
    }

    /// Waits until the server has admitted `count` connections in all (each test's own server).
    static func waitUntilServed(_ server: ProtocolConformanceTests.Running, _ count: Int) async throws {
        for _ in 0..<1_000 where server.server.syncServer.connectionsServed < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.server.syncServer.connectionsServed >= count)
    }

    /// Waits until exactly `count` connections are open on the server.
    static func waitUntilOpen(_ server: ProtocolConformanceTests.Running, _ count: Int) async throws {
        for _ in 0..<1_000 where server.server.syncServer.connectionsOpen != count {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.server.syncServer.connectionsOpen == count)
    }

    // MARK: Until WELCOME: small frames, a deadline

    @Test func aFrameOverTheHandshakeLimitBeforeWelcomeIsRefusedFromItsHeaderAlone() async throws {
        let server = try await ProtocolConformanceTests.server()
        // A HELLO declaring 1 MiB: only its header is sent, so an answer proves nothing was waited for or buffered.
        let error = try await RawPeer.converse(port: server.port) { conversation in
            try await conversation.send(Preamble.bytes() + Self.header(.hello, length: 1 << 20))
            return try await Self.nextError(&conversation)
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.retryable == false)
        #expect(FrameLimits.handshakeSize == 64 << 10)
        try await server.stop()
    }

    @Test func aCompressedHelloDeclaringSixtyFourMebibytesIsRefusedWithoutBeingInflated() async throws {
        let server = try await ProtocolConformanceTests.server()
        let frame =
            Self.header(.hello, length: 110, compressed: true, declared: 64 << 20) + [UInt8](repeating: 0, count: 100)
        let error = try await RawPeer.converse(port: server.port) { conversation in
            try await conversation.send(Preamble.bytes() + frame)
            return try await Self.nextError(&conversation)
        }
        #expect(error != nil && error?.code != .timeout)
        try await Self.waitUntilOpen(server, 0)
        #expect(server.server.syncServer.bufferedFrameBytes == 0)
        try await server.stop()
    }

    @Test func aPeerThatSendsNothingAtAllIsToldTimeoutAtTheHandshakeDeadline() async throws {
        let server = try await ProtocolConformanceTests.server { $0.handshakeTimeout = 0.3 }
        let answer = try await RawPeer.exchange(port: server.port, bytes: [])
        let messages = try RawPeer.messages(in: answer)
        #expect(messages.map(\.type) == [.error])
        if case .error(let error)? = messages.first {
            #expect(error.code == .timeout)
            #expect(error.retryable)
        }
        try await server.stop()
    }

    @Test func aHelloDribbledByteByByteIsCutAtTheHandshakeDeadlineThoughEachByteCameInTime() async throws {
        let server = try await ProtocolConformanceTests.server {
            $0.handshakeTimeout = 0.5
            $0.idleTimeout = 30
        }
        let bytes = try RawPeer.helloBytes()
        let error = try await RawPeer.converse(port: server.port) { conversation in
            for byte in bytes {
                do { try await conversation.send([byte]) } catch { break }
                try await Task.sleep(for: .milliseconds(40))
            }
            return try await Self.nextError(&conversation)
        }
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("HELLO") == true)
        try await server.stop()
    }

    // MARK: After WELCOME: a memory budget, a minimum rate

    @Test func aFrameThatWouldGoOverTheBufferedBytesBudgetIsToldBusyAndTheBudgetComesBack() async throws {
        let server = try await ProtocolConformanceTests.server {
            $0.maxBufferedBytes = 150_000
            $0.minimumTransferRate = 0
            $0.idleTimeout = 60
        }
        let refused = try await RawPeer.converse(port: server.port, from: "127.0.0.2") { first in
            try await Self.authenticate(&first)
            // 100 kB reserved by the first peer's frame in flight...
            try await first.send(Self.header(.listDatasets, length: 100_000) + [UInt8](repeating: 7, count: 1_000))
            for _ in 0..<1_000 where server.server.syncServer.bufferedFrameBytes == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(server.server.syncServer.bufferedFrameBytes == 100_004)
            // ...leave no room for a second 100 kB frame: it is refused from its header.
            return try await RawPeer.converse(port: server.port, from: "127.0.0.3") { second in
                try await Self.authenticate(&second)
                // An empty frame first, in the same write: its reservation must come back too.
                try await second.send(
                    Self.header(.listDatasets, length: Frame.headerSize) + Self.header(.listDatasets, length: 100_000))
                return try await Self.nextError(&second)
            }
        }
        #expect(refused?.code == .busy)
        #expect(refused?.retryable == true)
        try await Self.waitUntilOpen(server, 0)
        #expect(server.server.syncServer.bufferedFrameBytes == 0)
        // With both gone the budget is whole again: the same frame gets through to the decoder (which refuses its CRC).
        let later = try await RawPeer.converse(port: server.port, from: "127.0.0.4") { third in
            try await Self.authenticate(&third)
            try await third.send(Self.header(.listDatasets, length: 100_000) + [UInt8](repeating: 7, count: 99_990))
            return try await Self.nextError(&third)
        }
        #expect(later?.code == .protocolViolation)
        try await server.stop()
    }

    @Test func aPeerDribblingIntoAFrameAfterWelcomeIsCutWithTimeoutThoughItIsNeverIdle() async throws {
        let server = try await ProtocolConformanceTests.server {
            $0.minimumTransferRate = 1_000
            $0.transferRateWindow = 0.3
            $0.idleTimeout = 30
        }
        let error = try await RawPeer.converse(port: server.port) { conversation in
            try await Self.authenticate(&conversation)
            try await conversation.send(Self.header(.listDatasets, length: 100_000))
            // 25 bytes a second, each well within the idle timeout.
            for _ in 0..<80 {
                do { try await conversation.send([7]) } catch { break }
                try await Task.sleep(for: .milliseconds(40))
            }
            return try await Self.nextError(&conversation)
        }
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("1000 bytes per second") == true)
        try await server.stop()
    }

    // MARK: Connection limits

    @Test func unauthenticatedConnectionsFromOneAddressAreCappedWhileOtherAddressesGetIn() async throws {
        let server = try await ProtocolConformanceTests.server {
            $0.maxUnauthenticatedPerAddress = 2
            $0.maxUnauthenticated = 10
            $0.handshakeTimeout = 60
        }
        let (refused, welcomed) = try await RawPeer.converse(port: server.port, from: "127.0.0.2") { first in
            try await first.send(Preamble.bytes())
            return try await RawPeer.converse(port: server.port, from: "127.0.0.2") { second in
                try await second.send(Preamble.bytes())
                try await Self.waitUntilServed(server, 2)
                let refused = try await RawPeer.converse(port: server.port, from: "127.0.0.2") { third in
                    try await Self.nextError(&third)
                }
                let welcomed = try await RawPeer.converse(port: server.port, from: "127.0.0.3") { other in
                    try await Self.authenticate(&other)
                    return true
                }
                return (refused, welcomed)
            }
        }
        #expect(refused?.code == .busy)
        #expect(refused?.retryable == true)
        #expect(refused?.message.contains("127.0.0.2") == true)
        #expect(welcomed)
        try await server.stop()
    }

    @Test func strangersCannotTakeTheSlotsKeptForAuthenticatedPeers() async throws {
        let server = try await ProtocolConformanceTests.server {
            $0.maxConnections = 5
            $0.maxUnauthenticated = 2
            $0.handshakeTimeout = 60
            $0.idleTimeout = 60
        }
        let refused = try await RawPeer.converse(port: server.port) { a in
            try await Self.authenticate(&a)
            return try await RawPeer.converse(port: server.port) { b in
                try await Self.authenticate(&b)
                return try await RawPeer.converse(port: server.port, from: "127.0.0.2") { c in
                    try await c.send(Preamble.bytes())
                    return try await RawPeer.converse(port: server.port, from: "127.0.0.3") { d in
                        try await d.send(Preamble.bytes())
                        try await Self.waitUntilServed(server, 4)
                        // Two strangers hold every unauthenticated slot: a third is refused though one slot is free.
                        return try await RawPeer.converse(port: server.port, from: "127.0.0.4") { e in
                            try await Self.nextError(&e)
                        }
                    }
                }
            }
        }
        #expect(refused?.code == .busy)
        #expect(refused?.message.contains("still authenticating") == true)
        // Once they are gone, a peer authenticates again.
        try await Self.waitUntilOpen(server, 0)
        try await RawPeer.converse(port: server.port, from: "127.0.0.4") { try await Self.authenticate(&$0) }
        try await server.stop()
    }

    // MARK: Bad tokens

    @Test(.timeLimit(.minutes(1)))
    func aFloodOfBadTokensFromOneAddressKeepsNoOtherAddressWaiting() async throws {
        let replicas = try TemporaryReplicas()
        let replica = try replicas.make()
        try TemporaryReplicas.seed(replica, count: 1)
        let token = try replica.createToken(dataset: "fr", scope: .read)
        let limiter = BadTokenLimiter()
        var quiet = Logger(label: "test.access")
        quiet.logLevel = .critical
        let server = try await TestServer.start(
            replica: replica,
            policy: StoreAccessPolicy(store: ReplicaRecordStore(replica: replica), limiter: limiter, logger: quiet)
        ) { $0.handshakeTimeout = 5 }
        // 127.0.0.2 has guessed 2,000 times: its next refusal is hours away.
        for _ in 0..<2_000 { _ = limiter.recordFailure(from: "127.0.0.2") }
        let other = try await RawPeer.converse(port: server.port, from: "127.0.0.3") { conversation in
            try await conversation.send(Preamble.bytes())
            try await conversation.send(RawPeer.hello(token: "tly_guess"))
            return try await Self.nextError(&conversation)
        }
        #expect(other?.code == .unauthorized)
        #expect(limiter.failures(from: "127.0.0.3") == 1)
        // A good token is never kept waiting, not even from the guessing address.
        try await RawPeer.converse(port: server.port, from: "127.0.0.2") {
            try await Self.authenticate(&$0, token: token)
        }
        try await server.stop()
        withExtendedLifetime(replicas) {}
    }
}
