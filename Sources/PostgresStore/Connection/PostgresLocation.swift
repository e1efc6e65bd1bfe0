import Foundation
import Wire

/// Where a PostgreSQL store lives: `postgres://USER@HOST:PORT/DB`, optionally with libpq's
/// `?sslmode=disable|prefer|require|verify-ca|verify-full` and `sslrootcert=FILE` (`&` between them;
/// `postgresql://` too; the port defaults to 5432, the mode to `prefer`). `PostgresSSLMode` says what each mode
/// checks.
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
    /// Whether the connection is encrypted, and what of the server's certificate is verified.
    public var sslMode: PostgresSSLMode
    /// A PEM file of the CA certificates that verify the server's certificate (libpq's `sslrootcert`), or `nil`
    /// for the system's trust roots (verify-ca, verify-full) or no verification (prefer, require).
    public var sslRootCert: String?

    /// The port of a URL that names none.
    public static let defaultPort = 5432

    /// Makes a location from its parts.
    public init(
        user: String, host: String, port: Int = defaultPort, database: String, sslMode: PostgresSSLMode = .prefer,
        sslRootCert: String? = nil
    ) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// Parses a store URL. Throws a `PostgresLocationError` naming what is wrong (a password in the URL, a missing
    /// user or database, a bad port, an unknown parameter or mode, an `sslrootcert` file that cannot be read or
    /// holds no PEM certificate).
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
        var sslRootCert: String?
        for parameter in query.split(separator: "&") {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            switch parts.count == 2 ? parts[0] : "" {
            case "sslmode":
                guard let mode = PostgresSSLMode(rawValue: String(parts[1])) else {
                    throw PostgresLocationError(
                        "sslmode=\(parts[1]) in \(url) is not understood: use sslmode=disable, prefer, require, "
                            + "verify-ca or verify-full")
                }
                sslMode = mode
            case "sslrootcert":
                guard let path = Self.percentDecoded(parts[1]), !path.isEmpty else {
                    throw PostgresLocationError(
                        "sslrootcert in \(url) names no file: write sslrootcert=FILE, a PEM file of CA certificates")
                }
                sslRootCert = path
            default:
                throw PostgresLocationError(
                    "unknown parameter \"\(parameter)\" in \(url): only sslmode=disable|prefer|require|verify-ca|"
                        + "verify-full and sslrootcert=FILE are understood")
            }
        }
        self.init(
            user: user, host: host, port: port, database: database, sslMode: sslMode, sslRootCert: sslRootCert)
        if let sslRootCert { _ = try Self.rootCertificates(at: sslRootCert) }
    }

    /// The URL, without a password (there never is one), with the mode when it is not the default and the CA file
    /// when there is one.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        var parameters: [String] = []
        if sslMode != .prefer { parameters.append("sslmode=\(sslMode.rawValue)") }
        if let sslRootCert { parameters.append("sslrootcert=\(Self.percentEncoded(sslRootCert))") }
        let query = parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
        return "postgres://\(user)@\(shownHost):\(port)/\(database)\(query)"
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

    /// `text` with the characters a URL's query cannot hold as they are written `%XX`.
    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
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
