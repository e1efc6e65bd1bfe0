import NIOCore
import Sync
import Wire

/// One end of an in-memory message pipe: what one end sends, the other receives, in order.
/// Messages are round-tripped through their frame encoding so the tests exercise the real codec.
struct InMemoryChannel: MessageChannel, @unchecked Sendable {
    private let outgoing: AsyncStream<WireMessage>.Continuation
    private var incoming: AsyncStream<WireMessage>.AsyncIterator
    /// After this many sends, the channel fails (a cut connection: nothing more goes either way); `nil` never.
    var failAfterSends: Int?
    private var sends = 0
    private var isCut = false

    /// Makes a connected pair.
    static func pair() -> (InMemoryChannel, InMemoryChannel) {
        let (aStream, aContinuation) = AsyncStream<WireMessage>.makeStream()
        let (bStream, bContinuation) = AsyncStream<WireMessage>.makeStream()
        return (
            InMemoryChannel(outgoing: aContinuation, incoming: bStream.makeAsyncIterator()),
            InMemoryChannel(outgoing: bContinuation, incoming: aStream.makeAsyncIterator())
        )
    }

    private init(outgoing: AsyncStream<WireMessage>.Continuation, incoming: AsyncStream<WireMessage>.AsyncIterator) {
        self.outgoing = outgoing
        self.incoming = incoming
    }

    struct Cut: Error {}

    mutating func send(_ message: WireMessage) async throws {
        if let limit = failAfterSends, sends >= limit {
            outgoing.finish()
            isCut = true
            throw Cut()
        }
        sends += 1
        var payload = ByteBuffer()
        message.encodePayload(into: &payload)
        outgoing.yield(try WireMessage.decode(type: message.type, payload: payload))
    }

    mutating func receive() async throws -> WireMessage? {
        if isCut { throw Cut() }
        return await incoming.next()
    }

    func close() {
        outgoing.finish()
    }
}
