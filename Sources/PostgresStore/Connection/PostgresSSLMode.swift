/// Whether the connection to the database is encrypted: the `sslmode` of a store URL, with libpq's names.
///
/// When TLS is used the server's certificate is verified against the system's trust roots and its host name
/// (libpq calls that `verify-full`; this is stricter than libpq's `require`, which checks nothing).
public enum PostgresSSLMode: String, Hashable, Sendable, CaseIterable {
    /// Never TLS.
    case disable
    /// TLS when the server offers it, a plain connection otherwise (libpq's default).
    case prefer
    /// TLS or no connection: a server without TLS is refused.
    case require
}
