import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// The TLS settings of `sslMode` and `sslRootCert`, with libpq's meanings (`PostgresSSLMode`); `nil` for
    /// `disable`.
    func tlsConfiguration() throws(PostgresLocationError) -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let sslRootCert {
            configuration.trustRoots = .certificates(try Self.rootCertificates(at: sslRootCert))
        }
        switch sslMode {
        case .disable:
            return nil
        case .prefer, .require:
            // libpq verifies the chain (not the host name) when a root certificate is given, and nothing otherwise.
            configuration.certificateVerification = sslRootCert == nil ? .none : .noHostnameVerification
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    /// The connection pool's configuration for this location, with `password` and at most `maximumConnections`.
    func clientConfiguration(password: String?, maximumConnections: Int) throws(PostgresLocationError)
        -> PostgresClient.Configuration
    {
        let tls: PostgresClient.Configuration.TLS
        if let configuration = try tlsConfiguration() {
            tls = sslMode.requiresTLS ? .require(configuration) : .prefer(configuration)
        } else {
            tls = .disable
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// The configuration of one connection outside the pool (opening the store: migrations and the site id, so
    /// that a wrong password, a missing database or a certificate that is not trusted is said at once, not after
    /// the pool's retries).
    func connectionConfiguration(password: String?) throws(PostgresLocationError)
        -> PostgresConnection.Configuration
    {
        let tls: PostgresConnection.Configuration.TLS
        if let configuration = try tlsConfiguration() {
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: configuration)
            } catch {
                throw PostgresLocationError(
                    "cannot set up TLS for \(self) (\(error)): check the sslrootcert file, or use another sslmode")
            }
            tls = sslMode.requiresTLS ? .require(context) : .prefer(context)
        } else {
            tls = .disable
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The CA certificates in the PEM file at `path` (an `sslrootcert`). Throws when the file cannot be read or
    /// holds no certificate.
    static func rootCertificates(at path: String) throws(PostgresLocationError) -> [NIOSSLCertificate] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PostgresLocationError(
                "cannot read the sslrootcert file \(path): check its path and mode (a PEM file of CA certificates)")
        }
        let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(data))
        guard let certificates, !certificates.isEmpty else {
            throw PostgresLocationError(
                "the sslrootcert file \(path) holds no PEM certificate: give a file with the CA's certificate in PEM "
                    + "(-----BEGIN CERTIFICATE-----)")
        }
        return certificates
    }
}
