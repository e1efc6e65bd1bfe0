/// How long a client waits for a server before it gives up (`--timeout`).
public struct ClientTimeouts: Hashable, Sendable {
    /// To open the TCP connection.
    public var connect: Duration
    /// From the connection to WELCOME, TLS included.
    public var handshake: Duration
    /// Silence from the server while a request is in progress.
    public var idle: Duration

    /// Makes timeouts; the defaults are 10 s to connect and for the handshake, 60 s of silence in a transfer.
    public init(connect: Duration = .seconds(10), handshake: Duration = .seconds(10), idle: Duration = .seconds(60)) {
        self.connect = connect
        self.handshake = handshake
        self.idle = idle
    }

    /// The same limit for every step.
    public init(all limit: Duration) {
        self.init(connect: limit, handshake: limit, idle: limit)
    }
}

extension Duration {
    /// The duration as a user writes it: `500ms`, `10s`, `1.5s`.
    var shortText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        return "\(Double(milliseconds) / 1000)s"
    }

    var nanosecondsValue: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
