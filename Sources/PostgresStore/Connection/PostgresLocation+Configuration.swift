import Store
import NIOCore
import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// The TLS settings of `sslMode`: certificates verified against the system's trust roots.
    private var tlsConfiguration: TLSConfiguration { TLSConfiguration.makeClientConfiguration() }

    /// The connection pool's configuration for this location, with `password` and at most `maximumConnections`.
    func clientConfiguration(password: String?, maximumConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(tlsConfiguration)
            case .require: .require(tlsConfiguration)
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// The configuration of one connection outside the pool (opening the store: migrations and the site id, so
    /// that a wrong password or a missing database is said at once, not after the pool's retries).
    func connectionConfiguration(password: String?) throws(ReplicaError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
            case .require: tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
        } catch {
            throw ReplicaError(.storage, "cannot set up TLS for \(self): \(error)")
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
