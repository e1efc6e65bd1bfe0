import Foundation
import Testing

/// `--store postgres://...` with TLS, through the built binary: a database that does not speak TLS under
/// sslmode=require, and (with the server `scripts/test.sh` starts: `TALLY_TEST_POSTGRES_URL`, and its CA in
/// `TALLY_TEST_POSTGRES_ROOTCERT`) a verified connection and a certificate signed by another CA.
@Suite struct PostgresTLSStoreTests {
    static let environment = ProcessInfo.processInfo.environment
    static var tlsServer: Bool {
        environment["TALLY_TEST_POSTGRES_URL"] != nil && environment["TALLY_TEST_POSTGRES_ROOTCERT"] != nil
    }

    @Test func requireAgainstADatabaseWithoutTLSIsOnePlainLine() throws {
        // A PostgreSQL server with ssl off answers the client's SSLRequest with a single N.
        let listener = try FakeListener(.answer(Array("N".utf8)))
        let url = "postgres://tally@127.0.0.1:\(listener.port)/tally?sslmode=require"
        let run = try TallyProcess.run(["token", "list", "--store", url], environment: ["PGPASSWORD": "x"])
        #expect(run.status == 1, "the configuration is to fix: running it again does not help")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(
            run.stderr.contains("the database at 127.0.0.1:\(listener.port) does not accept TLS")
                && run.stderr.contains("sslmode=prefer or disable"), "\(run.stderr)")
    }

    @Test(.enabled(if: tlsServer, "no PostgreSQL server with TLS for the tests (scripts/test.sh starts one)"))
    func verifyFullWithTheServersCAWorksAndAnotherCAIsRefused() throws {
        let rootCert = try #require(Self.environment["TALLY_TEST_POSTGRES_ROOTCERT"])
        let database = try SharedPostgresServeTests.freshDatabase()
        let verified = "\(database)?sslmode=verify-full&sslrootcert=\(rootCert)"
        let listed = try TallyProcess.run(["token", "list", "--store", verified])
        #expect(listed.status == 0, "\(listed.stderr)")

        let space = try Workspace()
        let otherCA = try TestCertificates(in: space).caCertificate
        let refused = try TallyProcess.run(
            ["token", "list", "--store", "\(database)?sslmode=verify-ca&sslrootcert=\(otherCA)"])
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(
            refused.stderr.contains("the database's TLS certificate is not trusted")
                && refused.stderr.contains(otherCA), "\(refused.stderr)")
    }

    @Test(.enabled(if: tlsServer, "no PostgreSQL server for the tests (scripts/test.sh starts one)"))
    func aWrongPasswordOrAMissingDatabaseExitsOneAndAServerThatIsDownSeventyFive() throws {
        let database = try SharedPostgresServeTests.freshDatabase()
        let wrong = try TallyProcess.run(["token", "list", "--store", database], environment: ["PGPASSWORD": "wrong"])
        #expect(wrong.status == 1, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("refused the password of tally"), "\(wrong.stderr)")
        let prefix = database[..<(database.lastIndex(of: "/") ?? database.endIndex)]
        let missing = try TallyProcess.run(["token", "list", "--store", "\(prefix)/tally_not_there"])
        #expect(missing.status == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("database tally_not_there does not exist"), "\(missing.stderr)")
        let down = try TallyProcess.run(["token", "list", "--store", "postgres://tally@127.0.0.1:1/tally"])
        #expect(down.status == 75, "a server that is not up is worth a retry: \(down.stderr)")
        for run in [wrong, missing, down] { #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)") }
    }
}
