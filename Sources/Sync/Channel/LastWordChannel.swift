import Wire

/// A client's channel that lets the server have the last word.
///
/// A server that refuses something in the middle of a session (its disk is full, a batch is refused, it is
/// shutting down, too many peers are authenticating) sends ERROR and closes. A send the client makes meanwhile,
/// say the next batch of a push, fails, and the failed write would be all the user learns: "the connection was
/// lost". So when a send fails because the connection is gone, what the server sent before it closed is read then
/// and handed out by the next receives, and the send counts as written into a closed connection, as TCP's own
/// writes do. The session reads the acknowledgements and the ERROR in the order the server sent them: it counts
/// what was applied and reports the server's reason. The failure is thrown only when the server sent nothing.
///
/// A send refused for the message itself (`WireError`: it cannot be encoded) leaves the connection open, and is
/// thrown as it is.
struct LastWordChannel<Inner: MessageChannel>: MessageChannel {
    private var inner: Inner
    /// What the server sent before the connection failed under a send, not yet received.
    private var heard: [WireMessage] = []
    /// A send failed: the connection is gone, and `heard` is all there is left to receive.
    private var closed = false

    init(_ inner: Inner) {
        self.inner = inner
    }

    mutating func send(_ message: WireMessage) async throws {
        if closed { return }
        do {
            try await inner.send(message)
        } catch let error where !(error is WireError) {
            // The connection is closed: what it still holds ends at the server's ERROR, or when it runs out.
            while let message = try? await inner.receive() {
                heard.append(message)
                if case .error = message { break }
            }
            if heard.isEmpty { throw error }
            closed = true
        }
    }

    mutating func receive() async throws -> WireMessage? {
        if !heard.isEmpty { return heard.removeFirst() }
        if closed { return nil }
        return try await inner.receive()
    }
}
