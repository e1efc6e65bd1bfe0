/// Whether and how the connection to the database is encrypted: the `sslmode` of a store URL, with libpq's names
/// and meanings. The CA certificates that verify the server come from the URL's `sslrootcert=FILE` (PEM), else
/// from the system's trust roots.
///
/// | mode | encrypted | chain verified | host name verified |
/// |------|-----------|----------------|--------------------|
/// | `disable` | never | – | – |
/// | `prefer` | when the server offers TLS | only with `sslrootcert` | no |
/// | `require` | always | only with `sslrootcert` (then as `verify-ca`) | no |
/// | `verify-ca` | always | yes | no |
/// | `verify-full` | always | yes | yes (an IP address must be in the certificate's SAN) |
///
/// `prefer` and `require` without `sslrootcert` encrypt but accept any certificate: they do not protect against a
/// man in the middle. Only `verify-full` makes sure the server is the one the URL names.
public enum PostgresSSLMode: String, Hashable, Sendable, CaseIterable {
    /// Never TLS.
    case disable
    /// TLS when the server offers it, a plain connection otherwise (libpq's default). The certificate is verified
    /// (chain only) when the URL gives `sslrootcert`.
    case prefer
    /// TLS or no connection: a server without TLS is refused. The certificate is verified (chain only) when the
    /// URL gives `sslrootcert`.
    case require
    /// TLS, with the server's certificate chain verified against `sslrootcert` (else the system's trust roots),
    /// but not its host name.
    case verifyCA = "verify-ca"
    /// TLS, with the certificate chain verified and the certificate issued for the host the URL names.
    case verifyFull = "verify-full"

    /// `true` when the server must speak TLS (a plain connection is refused).
    public var requiresTLS: Bool { self != .disable && self != .prefer }
}
