import Foundation
import Logging
import Replica
import Store
import Sync
import Synchronization
import Testing
import Transport
import Wire
import TestSupport

/// Managed tokens at a real server's handshake, over TCP on 127.0.0.1: revoked and expired tokens are refused at
/// the next handshake, last use is recorded, and repeated bad tokens are slowed down and logged.
@Suite struct TokenHandshakeTests {
    @Test func aRevokedTokenIsRefusedAtTheNextHandshake() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 5)
        let token = try serverReplica.createToken(dataset: "fr", scope: .write, label: "observer", expires: nil)
        let server = try await TestServer.start(replica: serverReplica)
        let client = try replicas.make()

        _ = try await EndToEndTests.sync(client, server.url, token: token.secret)
        #expect(try TemporaryReplicas.states(client, "fr").count == 5)
        #expect(try serverReplica.tokens()[0].lastUsed != nil)

        try serverReplica.revokeToken("observer")
        let refused = await #expect(throws: SyncError.self) {
            _ = try await EndToEndTests.sync(client, server.url, token: token.secret)
        }
        #expect(refused?.code == .unauthorized)
        #expect(refused?.message.hasPrefix("token revoked or unknown") == true)
        try await server.stop()
    }

    @Test func anExpiredTokenIsRefusedAtTheNextHandshake() async throws {
        let replicas = try TemporaryReplicas()
        let clock = SettableClock()
        let serverReplica = try Replica.create(
            at: replicas.root.appendingPathComponent("server").path, options: ReplicaOptions(wallClock: clock.wallClock)
        )
        try TemporaryReplicas.seed(serverReplica, count: 3)
        let expiry = Date(timeIntervalSince1970: TimeInterval(clock.milliseconds / 1_000 + 3_600))
        let token = try serverReplica.createToken(dataset: "fr", scope: .write, label: nil, expires: expiry)
        let server = try await TestServer.start(replica: serverReplica)
        let client = try replicas.make()

        _ = try await EndToEndTests.sync(client, server.url, token: token.secret)
        clock.advance(bySeconds: 3_600)
        let refused = await #expect(throws: SyncError.self) {
            _ = try await EndToEndTests.sync(client, server.url, token: token.secret)
        }
        #expect(refused?.code == .unauthorized)
        #expect(refused?.message.hasPrefix("token expired") == true)
        try await server.stop()
    }

    @Test func repeatedBadTokensFromOneAddressAreSlowedDownAndLogged() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 1)
        _ = try serverReplica.createToken(dataset: "fr", scope: .read, label: nil, expires: nil)
        let limiter = BadTokenLimiter(baseDelay: .milliseconds(400))
        let lines = LogLines()
        let logger = Logger(label: "test.access") { _ in lines }
        let server = try await TestServer.start(
            replica: serverReplica,
            policy: StoreAccessPolicy(
                store: ReplicaRecordStore(replica: serverReplica), limiter: limiter, logger: logger)
        )
        let client = try replicas.make()

        var elapsed: [Duration] = []
        for _ in 0..<3 {
            let started = ContinuousClock.now
            let refused = await #expect(throws: SyncError.self) {
                _ = try await EndToEndTests.sync(client, server.url, token: "tly_guess")
            }
            #expect(refused?.code == .unauthorized)
            elapsed.append(ContinuousClock.now - started)
        }
        // The third attempt waited at least the 800 ms the limiter computes for it.
        #expect(limiter.failures(from: "127.0.0.1") == 3)
        #expect(limiter.delay(forAttempt: 3) == .milliseconds(800))
        #expect(elapsed[2] >= .milliseconds(800))
        let logged = lines.messages.filter { $0.hasPrefix("bad token") }
        #expect(logged.count == 3)
        #expect(logged.last?.contains("address=127.0.0.1") == true)
        #expect(logged.last?.contains("count=3") == true)
        try await server.stop()
    }
}

/// A wall clock the test moves by hand.
final class SettableClock: Sendable {
    private let now = Atomic<UInt64>(1_750_000_000_000)

    var milliseconds: UInt64 { now.load(ordering: .relaxed) }

    func advance(bySeconds seconds: UInt64) { now.add(seconds * 1_000, ordering: .relaxed) }

    var wallClock: WallClock { WallClock { [self] in milliseconds } }
}

/// A swift-log handler that keeps each message with its metadata (`key=value`, sorted), for assertions.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [String] { lock.withLock { stored } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lock.withLock { stored.append(([event.message.description] + fields).joined(separator: " ")) }
    }
}
