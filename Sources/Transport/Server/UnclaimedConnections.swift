import NIOCore
import Synchronization
import Wire

/// The connections the server has wrapped (in its child-channel initializer) that the accept loop has not yet taken.
///
/// NIO hands an accepted connection to the accept loop only once its initializer has run; when the server channel
/// closes at shutdown while initializers are still in flight, NIO drops those connections, and a dropped
/// `NIOAsyncChannel` whose writer was never finished traps the process ("Deinited NIOAsyncWriter without calling
/// finish()") as soon as the connection goes active. Every wrapped connection is therefore held here until the loop
/// claims it; when the loop has ended, `closeRemaining()` closes the rest through `executeThenClose`, and the
/// connections accepted after that are closed without being wrapped. No connection is ever dropped.
final class UnclaimedConnections: Sendable {
    /// A connection as the accept loop receives it: the async channel and the byte counter of its pipeline.
    typealias Connection = (channel: NIOAsyncChannel<WireMessage, OutboundFrame>, counter: ByteCounter)

    private struct State {
        var accepting = true
        var waiting: [ObjectIdentifier: Connection] = [:]
    }

    private let state = Mutex(State())

    /// Runs `wrap` for a just-accepted `channel` and holds what it made until `claim`. Once the accept loop has ended
    /// the channel is closed unwrapped instead, and this throws (NIO then never hands it on).
    func wrap(_ channel: any Channel, _ wrap: () throws -> Connection) throws -> Connection {
        let connection: Connection? = try state.withLock { state in
            guard state.accepting else { return nil }
            let connection = try wrap()
            state.waiting[ObjectIdentifier(channel)] = connection
            return connection
        }
        guard let connection else {
            channel.close(promise: nil)
            throw ChannelError.ioOnClosedChannel
        }
        return connection
    }

    /// The accept loop has taken `connection`: serving it (and closing it) is now the loop's job.
    func claim(_ connection: Connection) {
        _ = state.withLock { $0.waiting.removeValue(forKey: ObjectIdentifier(connection.channel.channel)) }
    }

    /// Stops taking connections and closes every one the accept loop never claimed.
    func closeRemaining() async {
        let remaining = state.withLock { state in
            state.accepting = false
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for connection in remaining {
            try? await connection.channel.executeThenClose { _, _ in }
        }
    }
}
