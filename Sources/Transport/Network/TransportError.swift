/// A connection could not be made or kept (refused, timed out, TLS failed, bad URL), or a bundle file is bad.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// The URL is not `tally://HOST:PORT` or `tallys://HOST:PORT`.
        case badURL
        /// Nobody accepted the connection.
        case connectionFailed
        /// The connection was closed or cut before the exchange finished.
        case connectionLost
        /// The peer sent nothing for too long.
        case timedOut
        /// The peer answered, but not as a Tally server does (an HTTP server, another protocol).
        case notTally
        /// The peer sent bytes that break the Tally protocol in the middle of a session.
        case protocolFailure
        /// TLS could not be set up or the certificate was not trusted.
        case tls
        /// The server refused to start (address in use, open server on a public address).
        case refusedToListen
        /// A bundle file is truncated, tampered with, malformed, or does not fit this replica.
        case badBundle
        /// A file could not be read or written.
        case file
    }

    /// What went wrong.
    public var code: Code
    /// The sentence to show the user.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `true` when the same command may succeed if run again unchanged (the network, the server's state).
    public var isRetryable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .timedOut, .protocolFailure: true
        case .badURL, .tls, .notTally, .refusedToListen, .badBundle, .file: false
        }
    }

    /// The sentence a user reads.
    public var description: String { message }
}
