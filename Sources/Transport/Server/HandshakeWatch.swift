import Sync
import Wire

/// Passes messages through and calls `onFirstMessage` when the first one arrives (to cancel the handshake timer).
struct HandshakeWatch<Inner: MessageChannel>: MessageChannel {
    var inner: Inner
    var onFirstMessage: (() -> Void)?

    mutating func send(_ message: WireMessage) async throws {
        try await inner.send(message)
    }

    mutating func receive() async throws -> WireMessage? {
        let message = try await inner.receive()
        if let callback = onFirstMessage {
            callback()
            onFirstMessage = nil
        }
        return message
    }
}
