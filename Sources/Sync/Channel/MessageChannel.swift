public import Wire

/// A two-way stream of Wire messages: a TCP connection, a TLS connection, or an in-memory pair in tests.
///
/// Sessions own their channel for their whole life and use it from one task, so it need not be `Sendable`.
public protocol MessageChannel {
    /// Sends one message. Suspends while the peer is not reading (backpressure).
    mutating func send(_ message: WireMessage) async throws
    /// The next message, or `nil` when the peer closed the stream cleanly between frames.
    mutating func receive() async throws -> WireMessage?
}
