import Replica
import Store
import Sync
import TestSupport
import Testing
import Wire

/// A server that turns a connection away at once (busy: too many peers still authenticating) sends ERROR and
/// closes, often before the client has written HELLO. The client must give that ERROR as the reason, not the
/// failed write (which a user reads as "the connection was lost").
@Suite struct TurnedAwayHandshakeTests {
    struct Closed: Error {}

    /// The client's end of a connection the server has closed: every send fails; what the server sent before
    /// closing is still there to read.
    struct ClosedChannel: MessageChannel {
        var waiting: [WireMessage]

        mutating func send(_ message: WireMessage) async throws { throw Closed() }

        mutating func receive() async throws -> WireMessage? {
            waiting.isEmpty ? nil : waiting.removeFirst()
        }
    }

    @Test func aHelloThatCannotBeWrittenAfterABusyRefusalReportsTheRefusal() async throws {
        let replicas = try TemporaryReplicas()
        let store = ReplicaRecordStore(replica: try replicas.make())
        let busy = ErrorMessage(
            code: .busy, retryable: true, message: "too many connections from 127.0.0.1 are still authenticating")
        var session = ClientSession(channel: ClosedChannel(waiting: [.error(busy)]), store: store)
        let refused = await #expect(throws: SyncError.self) {
            _ = try await session.handshake(nodeName: "test", token: nil)
        }
        #expect(refused?.code == .busy && refused?.retryable == true)
        #expect(refused?.message.contains("still authenticating") == true)
    }

    @Test func aHelloThatCannotBeWrittenWithNothingSaidKeepsTheWriteFailure() async throws {
        let replicas = try TemporaryReplicas()
        let store = ReplicaRecordStore(replica: try replicas.make())
        var session = ClientSession(channel: ClosedChannel(waiting: []), store: store)
        await #expect(throws: Closed.self) { _ = try await session.handshake(nodeName: "test", token: nil) }
    }
}
