import NIOCore
import Wire

/// A server address: `tally://HOST:PORT` (plain TCP) or `tallys://HOST:PORT` (TLS).
public struct RemoteURL: Hashable, Sendable, CustomStringConvertible {
    /// The host name or address (IPv6 without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// `true` for `tallys://`.
    public var usesTLS: Bool

    /// The default port when a URL names none.
    public static let defaultPort = 7878

    /// Makes a URL from its parts.
    public init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Parses `tally://HOST[:PORT]` or `tallys://HOST[:PORT]`, with `[v6]` hosts. Returns `nil` otherwise.
    public init?(_ text: String) {
        let rest: Substring
        if text.hasPrefix("tally://") {
            usesTLS = false
            rest = text.dropFirst("tally://".count)
        } else if text.hasPrefix("tallys://") {
            usesTLS = true
            rest = text.dropFirst("tallys://".count)
        } else {
            return nil
        }
        var authority = rest
        if let slash = authority.firstIndex(of: "/") {
            guard authority[slash...].allSatisfy({ $0 == "/" }) else { return nil }
            authority = authority[..<slash]
        }
        guard let address = try? HostPort(parsing: authority, defaultPort: RemoteURL.defaultPort) else { return nil }
        self.host = address.host
        self.port = address.port
    }

    /// `true` when the host is an IPv4 or IPv6 address rather than a name.
    public var hostIsIPAddress: Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// The URL as it is written, `tally://HOST:PORT` or `tallys://HOST:PORT` (an IPv6 host in brackets).
    public var description: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "tallys" : "tally")://\(shown):\(port)"
    }
}
