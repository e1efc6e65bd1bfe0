import Foundation
import Wire

/// Where a PostgreSQL store lives: `postgres://USER@HOST:PORT/DB`, optionally `?sslmode=disable|prefer|require`
/// (`postgresql://` too; the port defaults to 5432, the mode to `prefer`).
///
/// The URL never holds the password: one that does is refused, because command lines and URLs end up in shell
/// histories, process lists and logs. The password comes from `PostgresPassword` (a password file, `PGPASSWORD`
/// or `~/.pgpass`).
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    /// The role to connect as.
    public var user: String
    /// The server's host name or IP address (an IPv6 address without its brackets).
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The database that holds the store.
    public var database: String
    /// Whether the connection is encrypted.
    public var sslMode: PostgresSSLMode

    /// The port of a URL that names none.
    public static let defaultPort = 5432

    /// Makes a location from its parts.
    public init(
        user: String, host: String, port: Int = defaultPort, database: String, sslMode: PostgresSSLMode = .prefer
    ) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses a store URL. Throws a `PostgresLocationError` naming what is wrong (a password in the URL, a missing
    /// user or database, a bad port, an unknown parameter).
    public init(parsing url: String) throws(PostgresLocationError) {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { url.lowercased().hasPrefix($0) }) else {
            throw PostgresLocationError(
                "\"\(url)\" is not a PostgreSQL URL: write postgres://USER@HOST:PORT/DATABASE")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresLocationError("\(url) names no database: write postgres://USER@HOST:PORT/DATABASE")
        }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        guard let at = authority.lastIndex(of: "@") else {
            throw PostgresLocationError("\(url) names no user: write postgres://USER@HOST:PORT/DATABASE")
        }
        let userInfo = authority[..<at]
        guard !userInfo.contains(":") else {
            throw PostgresLocationError(
                "the store URL holds a password: put the password in PGPASSWORD, a --password-file or ~/.pgpass, "
                    + "never on the command line")
        }
        guard let user = Self.percentDecoded(userInfo), !user.isEmpty else {
            throw PostgresLocationError("\(url) names no user: write postgres://USER@HOST:PORT/DATABASE")
        }
        let (host, port) = try Self.hostAndPort(authority[authority.index(after: at)...], in: url)
        guard let database = Self.percentDecoded(path), !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("\(url) names no database: write postgres://USER@HOST:PORT/DATABASE")
        }
        var sslMode = PostgresSSLMode.prefer
        for parameter in query.split(separator: "&") {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == "sslmode" else {
                throw PostgresLocationError(
                    "unknown parameter \"\(parameter)\" in \(url): only sslmode=disable|prefer|require is understood")
            }
            guard let mode = PostgresSSLMode(rawValue: String(parts[1])) else {
                throw PostgresLocationError(
                    "sslmode=\(parts[1]) in \(url) is not understood: use sslmode=disable, prefer or require")
            }
            sslMode = mode
        }
        self.init(user: user, host: host, port: port, database: database, sslMode: sslMode)
    }

    /// The URL, without a password (there never is one), with the mode when it is not the default.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let mode = sslMode == .prefer ? "" : "?sslmode=\(sslMode.rawValue)"
        return "postgres://\(user)@\(shownHost):\(port)/\(database)\(mode)"
    }

    /// `HOST`, `HOST:PORT`, `[IPV6]` or `[IPV6]:PORT`.
    private static func hostAndPort(_ text: Substring, in url: String) throws(PostgresLocationError) -> (String, Int) {
        let address: HostPort
        do {
            address = try HostPort(parsing: text, defaultPort: defaultPort)
        } catch {
            switch error {
            case .unclosedBracket: throw PostgresLocationError("\(url) has an unclosed [ in its host")
            case .textAfterBracket: throw PostgresLocationError("\(url) has a bad host")
            case .noHost, .noPort:
                throw PostgresLocationError("\(url) names no host: write postgres://USER@HOST:PORT/DATABASE")
            case .badPort(let text):
                throw PostgresLocationError("\(url) has a bad port \"\(text)\": use a number from 1 to 65535")
            }
        }
        guard address.port != 0 else {
            throw PostgresLocationError("\(url) has a bad port \"0\": use a number from 1 to 65535")
        }
        return (address.host, address.port)
    }

    /// `text` with `%XX` escapes decoded, or `nil` for a broken escape or bytes that are not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(bytes: bytes, encoding: .utf8)
    }
}
