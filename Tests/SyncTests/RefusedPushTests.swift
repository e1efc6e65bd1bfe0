import Replica
import Store
import Sync
import TestSupport
import Testing
import Wire

/// A server that cannot apply a batch of a push (its disk is full) sends ERROR and closes, while the client still
/// has batches of its window to write. The write that fails must not be what the user reads ("the connection was
/// lost"): the client reports the server's reason, and counts the batches the server acknowledged before it.
@Suite struct RefusedPushTests {
    struct Closed: Error {}

    static let diskFull = ErrorMessage(
        code: .internal, retryable: true,
        message: "the server's disk is full; ask its operator to free some space, then run the same command again")

    /// A server that welcomes, accepts the push, acknowledges batch 1, and answers batch 2 with `refusal` and
    /// closes: every later send fails, and what it sent before closing is still there to read.
    struct RefusingServer: MessageChannel {
        var refusal: ErrorMessage?
        var answers: [WireMessage] = []
        var closed = false

        mutating func send(_ message: WireMessage) async throws {
            if closed { throw Closed() }
            switch message {
            case .hello:
                var capabilities = Capabilities.defaults
                capabilities.window = 4
                answers.append(
                    .welcome(
                        Welcome(
                            version: ProtocolVersion.supported.upperBound, siteID: .random(), nodeName: "server",
                            capabilities: capabilities)))
            case .pushRequest(let request):
                answers.append(.pushAccepted(PushAccepted(dataset: request.dataset, created: false, acknowledged: nil)))
            case .encodedRecordBatch(let batch) where batch.batchNumber == 1:
                answers.append(
                    .batchAck(
                        BatchAck(
                            dataset: batch.dataset, batchNumber: 1, cursor: batch.cursor,
                            applied: UInt32(batch.records.count), refusals: [])))
            case .encodedRecordBatch:
                if let refusal { answers.append(.error(refusal)) }
                closed = true
            default:
                break
            }
        }

        mutating func receive() async throws -> WireMessage? {
            answers.isEmpty ? nil : answers.removeFirst()
        }
    }

    func pushInto(_ server: RefusingServer) async throws -> ClientSession<RefusingServer> {
        let replicas = try TemporaryReplicas()
        let replica = try replicas.make()
        try SessionTests.seed(replica, count: 50)
        var options = SessionOptions()
        options.batchSize = 10
        var session = ClientSession(channel: server, store: ReplicaRecordStore(replica: replica), options: options)
        _ = try await session.handshake(nodeName: "client", token: nil)
        return session
    }

    @Test func aPushRefusedMidWindowReportsTheServersReasonAndCountsWhatItAcknowledged() async throws {
        var session = try await pushInto(RefusingServer(refusal: Self.diskFull))
        let refused = await #expect(throws: SyncError.self) { _ = try await session.push(dataset: "fr") }
        #expect(refused?.code == .internal && refused?.retryable == true)
        #expect(refused?.message == Self.diskFull.message)
        #expect(session.inProgress?.recordsAcknowledged == 10)
        #expect(session.inProgress?.recordsApplied == 10)
    }

    @Test func aPushCutWithNothingSaidCountsWhatWasAcknowledgedAndSaysTheConnectionClosed() async throws {
        var session = try await pushInto(RefusingServer(refusal: nil))
        // Nothing explains the cut: the client reads the acknowledgement it was sent, then the end of the stream.
        let cut = await #expect(throws: SyncError.self) { _ = try await session.push(dataset: "fr") }
        #expect(cut?.code == .protocolViolation && cut?.retryable == true)
        #expect(session.inProgress?.recordsAcknowledged == 10)
    }
}
