/// A host and a TCP port as a URL's authority or a `--listen` flag writes them: `HOST:PORT`, `[IPV6]:PORT`, or
/// `HOST` / `[IPV6]` alone when a default port applies.
///
/// Only the split is checked (brackets, a host, a port from 0 to 65535); whether the host resolves, or whether
/// port 0 makes sense, is the caller's business.
public struct HostPort: Hashable, Sendable {
    /// Why a text is not a host and port.
    public enum Problem: Error, Hashable, Sendable {
        /// `[` with no `]`.
        case unclosedBracket
        /// Something other than `:PORT` after `[IPV6]`.
        case textAfterBracket
        /// No host before the port.
        case noHost
        /// A port that is not a number from 0 to 65535 (the text as written).
        case badPort(String)
        /// No port, and no default port.
        case noPort
    }

    /// The host name or IP address (an IPv6 address without its brackets).
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Makes a host and port from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Splits `text`: `HOST:PORT`, `[IPV6]:PORT`, or `HOST` / `[IPV6]` with `defaultPort` (a port is required when
    /// `defaultPort` is `nil`).
    public init(parsing text: Substring, defaultPort: Int?) throws(Problem) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .unclosedBracket }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .textAfterBracket }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw .noHost }
        if let portText {
            guard let parsed = Int(portText), (0...65_535).contains(parsed) else { throw .badPort(String(portText)) }
            port = parsed
        } else {
            guard let defaultPort else { throw .noPort }
            port = defaultPort
        }
        self.host = String(host)
    }
}
