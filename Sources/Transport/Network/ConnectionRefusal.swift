import Wire

/// A limit of this side ended the connection (memory budget, transfer rate, handshake deadline): fired into the
/// pipeline, the `ProtocolErrorResponder` sends `answer` to the peer and closes.
struct ConnectionRefusal: Error, Sendable, CustomStringConvertible {
    /// The ERROR the peer is told.
    var answer: ErrorMessage

    /// A refusal answered `code` (retryable) with `message`.
    init(_ code: ErrorCode, _ message: String) {
        answer = ErrorMessage(code: code, retryable: true, message: message)
    }

    var description: String { answer.message }
}
