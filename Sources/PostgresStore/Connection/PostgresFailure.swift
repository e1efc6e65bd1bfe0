import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
package import Store
import _ConnectionPoolModule

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns what PostgresNIO throws into the `ReplicaError` a user reads: one plain line that says what went wrong
/// with the database at `location` and what to do, never a raw library error (whose description PostgresNIO
/// blanks on purpose).
package enum PostgresFailure {
    /// The error for `error`, thrown working on the store at `location`.
    package static func error(_ error: any Error, at location: PostgresLocation) -> ReplicaError {
        let server = "PostgreSQL at \(location.host):\(location.port)"
        switch error {
        case let error as ReplicaError:
            return error
        case let error as PostgresLocationError:
            return ReplicaError(.storeRefused, error.message)
        case let error as PostgresTransactionError:
            // The first failure is the one that matters (a failed rollback after it adds nothing a user can act on).
            let first = error.beginError ?? error.closureError ?? error.commitError ?? error.rollbackError
            return first.map { self.error($0, at: location) }
                ?? ReplicaError(.storage, "a transaction on \(server) failed: retry")
        case let error as PSQLError:
            return psqlError(error, at: location)
        case let error as ConnectionPoolError where error == .connectionCreationCircuitBreakerTripped:
            return ReplicaError(
                .storage, "cannot reach \(server) any more: check that the server runs and the network, then retry")
        case let error as ConnectionPoolError where error == .poolShutdown:
            return ReplicaError(.storage, "the connections to \(server) are closed: the store was shut down")
        case is CancellationError:
            return ReplicaError(.storage, "the call to \(server) was cancelled: nothing was changed")
        default:
            return ReplicaError(.storage, "\(server) failed (\(error)): retry, or check the server's log")
        }
    }

    /// `true` when `error` is a conflict with a concurrent transaction that running the transaction again can
    /// settle (a serialization failure or a deadlock).
    static func isTransient(_ error: any Error) -> Bool {
        guard let state = sqlState(of: error) else { return false }
        return state == "40001" || state == "40P01"
    }

    /// The SQLSTATE of a server error, if `error` is (or wraps) one.
    static func sqlState(of error: any Error) -> String? {
        switch error {
        case let error as PSQLError: error.serverInfo?[.sqlState]
        case let error as PostgresTransactionError:
            (error.beginError ?? error.closureError ?? error.commitError).flatMap(sqlState(of:))
        default: nil
        }
    }

    private static func psqlError(_ error: PSQLError, at location: PostgresLocation) -> ReplicaError {
        let server = "PostgreSQL at \(location.host):\(location.port)"
        switch error.code {
        case .server:
            return serverError(error, at: location)
        case .connectionError:
            if let tls = tlsError(error.underlying, at: location) { return tls }
            return ReplicaError(
                .storage,
                "cannot connect to \(server) (\(reason(error.underlying))): check that the server runs and that the "
                    + "store URL names the right host and port")
        case .sslUnsupported:
            return ReplicaError(
                .storeRefused,
                "the database at \(location.host):\(location.port) does not accept TLS and the store URL says "
                    + "sslmode=\(location.sslMode.rawValue): turn ssl on in the server's postgresql.conf, or use "
                    + "sslmode=prefer or disable")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return ReplicaError(
                .storage, "the TLS connection to \(server) failed: check the server's certificate or the sslmode")
        case .authMechanismRequiresPassword:
            return ReplicaError(
                .storeRefused,
                "\(server) asks for the password of \(location.user): put it in PGPASSWORD, a --store-password-file or "
                    + "~/.pgpass")
        case .unsupportedAuthMechanism:
            return ReplicaError(
                .storeRefused,
                "\(server) asks for a kind of authentication tally does not speak: use scram-sha-256, md5, password or "
                    + "trust for \(location.user) in pg_hba.conf")
        case .saslError:
            return ReplicaError(
                .storeRefused,
                "\(server) refused the password of \(location.user): check PGPASSWORD, the --store-password-file or ~/.pgpass"
            )
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return ReplicaError(
                .storage, "the connection to \(server) was closed: check that the server runs, then retry")
        case .queryCancelled:
            return ReplicaError(.storage, "a query on \(server) was cancelled: nothing was changed, retry")
        default:
            return ReplicaError(.storage, "\(server) failed (\(error.code)): retry, or check the server's log")
        }
    }

    private static func serverError(_ error: PSQLError, at location: PostgresLocation) -> ReplicaError {
        let server = "PostgreSQL at \(location.host):\(location.port)"
        let state = error.serverInfo?[.sqlState] ?? "?"
        let message = error.serverInfo?[.message] ?? "no message"
        switch state {
        case "28P01":
            return ReplicaError(
                .storeRefused,
                "\(server) refused the password of \(location.user): check PGPASSWORD, the --store-password-file or ~/.pgpass"
            )
        case "28000":
            return ReplicaError(
                .storeRefused,
                "\(server) refused user \(location.user) (\(message)): check the user in the store URL and the "
                    + "server's pg_hba.conf")
        case "3D000":
            return ReplicaError(
                .storeRefused,
                "database \(location.database) does not exist on \(server): create it (createdb -h \(location.host) "
                    + "-p \(location.port) -U \(location.user) \(location.database)) or fix the store URL")
        case "42501":
            return ReplicaError(
                .storeRefused,
                "user \(location.user) may not do this on \(server) (\(message)): give it the privileges on database "
                    + "\(location.database)")
        case "53300":
            return ReplicaError(
                .storage, "\(server) has no connection left (\(message)): raise max_connections, or retry later")
        case "53100":
            return ReplicaError(
                .diskFull, "the disk of \(server) is full: free some space on the server and try again")
        case "40001", "40P01":
            return ReplicaError(
                .storage,
                "a concurrent transaction on \(server) got in the way (\(message)): nothing was changed, retry")
        case "57P01", "57P02", "57P03":
            return ReplicaError(.storage, "\(server) is shutting down or starting up: retry when it is up")
        case "23505":
            return ReplicaError(
                .storage, "a row already exists on \(server) (\(message)): another server wrote it first, retry")
        default:
            return ReplicaError(.storage, "\(server) refused a query (SQLSTATE \(state): \(message))")
        }
    }

    /// The error for a connection that failed in its TLS handshake, or `nil` when `error` is no TLS failure: a
    /// certificate the client does not trust, or one that is not for the host the URL names.
    package static func tlsError(_ error: (any Error)?, at location: PostgresLocation) -> ReplicaError? {
        let server = "PostgreSQL at \(location.host):\(location.port)"
        switch error {
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return ReplicaError(
                .storeRefused,
                "the TLS certificate of \(server) is not for \(location.host) (sslmode=verify-full checks the name): "
                    + "connect with a host name or address the certificate names, or use sslmode=verify-ca")
        case let error as NIOSSLError:
            guard case .handshakeFailed(let reason) = error else {
                return ReplicaError(
                    .storage, "the TLS connection to \(server) failed: check the server's certificate or the sslmode")
            }
            guard "\(reason)".contains("CERTIFICATE_VERIFY_FAILED") else {
                return ReplicaError(
                    .storage,
                    "the TLS handshake with \(server) failed: check the server's ssl settings and certificate, or "
                        + "the sslmode")
            }
            guard let rootCert = location.sslRootCert else {
                return ReplicaError(
                    .storeRefused,
                    "the database's TLS certificate is not trusted (it does not verify against the system's trust "
                        + "roots): give its CA with ?sslrootcert=FILE, or use sslmode=require to encrypt without "
                        + "checking it")
            }
            return ReplicaError(
                .storeRefused,
                "the database's TLS certificate is not trusted (it does not verify against the CAs in \(rootCert), "
                    + "or has expired): give the CA that signed it as sslrootcert, or leave sslrootcert out and use "
                    + "sslmode=require to encrypt without checking it")
        default:
            return nil
        }
    }

    /// Why a connection could not be made, in a few words.
    private static func reason(_ error: (any Error)?) -> String {
        switch error {
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "the host name does not resolve"
            }
            return error.connectionErrors.first.map { reason($0.error) } ?? "unreachable"
        case let error as ChannelError:
            if case .connectTimeout = error { return "timed out" }
            return "unreachable"
        default:
            return "unreachable"
        }
    }
}
