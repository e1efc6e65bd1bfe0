import NIOSSL
import PostgresStore
import Store
import TestSupport
import Testing

/// The sslmodes against a server with TLS (`scripts/postgres.sh`: a throwaway CA in `DIR/root.crt`, a server
/// certificate for 127.0.0.1 and localhost): what is encrypted, what is verified, and the one line a user reads when
/// the certificate is not trusted.
@Suite(.enabled(if: TestDatabase.isTLSConfigured, TestDatabase.tlsSkipped))
struct TLSTests {
    /// Whether the pool's connection to the fresh database is encrypted, opened with `mode`, `rootCert` and `host`.
    static func encrypted(_ mode: PostgresSSLMode, rootCert: String?, host: String? = nil) async throws -> Bool {
        try await TestDatabase.withFreshDatabase { location, password in
            var location = location
            location.sslMode = mode
            location.sslRootCert = rootCert
            if let host { location.host = host }
            return try await PostgresRecordStore.withStore(location, password: password, logger: TestDatabase.logger) {
                try await $0.connectionUsesTLS()
            }
        }
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func verifyFullWithTheCAIsEncryptedByIPAddressOrName(_ host: String) async throws {
        #expect(try await Self.encrypted(.verifyFull, rootCert: TestDatabase.rootCertificate, host: host))
    }

    @Test func verifyCAWithTheCAIsEncrypted() async throws {
        #expect(try await Self.encrypted(.verifyCA, rootCert: TestDatabase.rootCertificate))
    }

    @Test func requireAndPreferWithoutACAEncryptWithoutVerifying() async throws {
        #expect(try await Self.encrypted(.require, rootCert: nil))
        #expect(try await Self.encrypted(.prefer, rootCert: nil))
        #expect(try await Self.encrypted(.require, rootCert: TestDatabase.rootCertificate))
    }

    @Test func disableIsNotEncrypted() async throws {
        #expect(try await Self.encrypted(.disable, rootCert: nil) == false)
    }

    @Test(arguments: [PostgresSSLMode.verifyFull, .verifyCA])
    func aCertificateTheSystemDoesNotTrustIsSaidInOneLine(_ mode: PostgresSSLMode) async throws {
        let (server, password) = try TestDatabase.server()
        var location = server
        location.sslMode = mode
        let error = await #expect(throws: ReplicaError.self) {
            try await PostgresRecordStore.open(location, password: password, logger: TestDatabase.logger)
        }
        let message = try #require(error?.message)
        #expect(message.hasPrefix("the database's TLS certificate is not trusted"), "\(message)")
        #expect(message.contains("?sslrootcert=FILE"), "\(message)")
        #expect(!message.contains("\n") && !message.contains("NIOSSL") && !message.contains("PSQLError"), "\(message)")
    }

    @Test func aHostTheCertificateDoesNotNameIsSaidInOneLine() {
        // The test server's certificate names 127.0.0.1 and localhost, and NIOSSL matches an IP address in the SAN
        // against the address connected to, whatever name the URL gives: no host reaches it that the certificate
        // does not name. The line, then, from the error NIOSSL throws.
        let location = PostgresLocation(user: "u", host: "db.example.org", database: "d", sslMode: .verifyFull)
        let message = PostgresFailure.tlsError(NIOSSLExtraError.failedToValidateHostname, at: location)?.message
        #expect(
            message?.contains("is not for db.example.org") == true && message?.contains("sslmode=verify-ca") == true)
        #expect(message?.contains("\n") == false)
        #expect(PostgresFailure.tlsError(CancellationError(), at: location) == nil)
    }
}
