import Foundation
import PostgresStore
import Testing

/// Store URLs and password sources: pure, no server.
@Suite struct LocationTests {
    @Test func aURLGivesItsParts() throws {
        let location = try PostgresLocation(parsing: "postgres://tally@db.example.org:6543/results?sslmode=require")
        #expect(
            location
                == PostgresLocation(
                    user: "tally", host: "db.example.org", port: 6543, database: "results", sslMode: .require))
        #expect(location.description == "postgres://tally@db.example.org:6543/results?sslmode=require")
    }

    @Test func thePortDefaultsTo5432AndTheModeToPrefer() throws {
        let location = try PostgresLocation(parsing: "postgresql://me@localhost/tally")
        #expect(location.port == 5432 && location.sslMode == .prefer && location.database == "tally")
        #expect(try PostgresLocation(parsing: "postgres://me@[::1]:7/db").host == "::1")
        #expect(try PostgresLocation(parsing: "postgres://me@h/db?sslmode=disable").sslMode == .disable)
        #expect(try PostgresLocation(parsing: "postgres://m%40e@h/d%2Db").user == "m@e")
    }

    @Test func aPasswordInTheURLIsRefusedWithOnePlainLine() {
        let error = #expect(throws: PostgresLocationError.self) {
            try PostgresLocation(parsing: "postgres://tally:secret@127.0.0.1:5432/tally")
        }
        #expect(error?.message.contains("put the password in PGPASSWORD, a --password-file or ~/.pgpass") == true)
        #expect(error?.message.contains("secret") == false)
        #expect(error?.message.contains("\n") == false)
    }

    @Test(arguments: [
        "mysql://u@h/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/", "postgres://u@h:0/db",
        "postgres://u@h:99999/db", "postgres://u@h:x/db", "postgres://u@:5/db", "postgres://u@h/db?sslmode=allow",
        "postgres://u@h/db?sslmode=verify-everything", "postgres://u@h/db?sslrootcert=",
        "postgres://u@h/db?application_name=x", "postgres://u@[::1/db", "postgres://u@[::1]x/db",
    ])
    func badURLsAreRefused(_ url: String) {
        #expect(throws: PostgresLocationError.self) { try PostgresLocation(parsing: url) }
    }

    @Test func theTLSParametersAreLibpqs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let ca = folder.path("root ca.crt")
        try folder.write(Self.certificate, to: ca, mode: 0o644)
        let encoded = ca.replacingOccurrences(of: " ", with: "%20")
        let full = try PostgresLocation(parsing: "postgres://u@127.0.0.1/db?sslmode=verify-full&sslrootcert=\(encoded)")
        #expect(full.sslMode == .verifyFull && full.sslRootCert == ca)
        #expect(full.description == "postgres://u@127.0.0.1:5432/db?sslmode=verify-full&sslrootcert=\(encoded)")
        #expect(try PostgresLocation(parsing: full.description) == full)
        #expect(try PostgresLocation(parsing: "postgres://u@h/db?sslmode=verify-ca").sslMode == .verifyCA)
        // sslrootcert alone keeps the default mode, prefer (which then verifies the chain, as libpq does).
        let rooted = try PostgresLocation(parsing: "postgres://u@h/db?sslrootcert=\(encoded)")
        #expect(rooted.sslMode == .prefer && rooted.sslRootCert == ca)
        #expect(PostgresSSLMode.allCases.filter(\.requiresTLS) == [.require, .verifyCA, .verifyFull])
    }

    @Test func anUnknownModeOrParameterOrAnUnusableCAFileIsRefusedWithOnePlainLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let notPEM = folder.path("not.crt")
        try folder.write("just some text\n", to: notPEM, mode: 0o644)
        let cases = [
            ("postgres://u@h/db?sslmode=verify-all", "use sslmode=disable, prefer, require, verify-ca or verify-full"),
            (
                "postgres://u@h/db?sslcert=x",
                "only sslmode=disable|prefer|require|verify-ca|verify-full and sslrootcert"
            ),
            ("postgres://u@h/db?sslrootcert=\(folder.path("missing.crt"))", "cannot read the sslrootcert file"),
            ("postgres://u@h/db?sslmode=require&sslrootcert=\(notPEM)", "holds no PEM certificate"),
        ]
        for (url, expected) in cases {
            let error = #expect(throws: PostgresLocationError.self) { try PostgresLocation(parsing: url) }
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("\n") == false)
        }
    }

    /// A self-signed CA certificate (EC P-256), only ever parsed.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBmTCCAT+gAwIBAgIUYZwUeSj9Jy6oApXqir4sOpKxobMwCgYIKoZIzj0EAwIw
        ITEfMB0GA1UEAwwWdGFsbHkgbG9jYXRpb24gdGVzdCBDQTAgFw0yNjEyMDIyMTA0
        MjZaGA8yMTI2MTEwODIxMDQyNlowITEfMB0GA1UEAwwWdGFsbHkgbG9jYXRpb24g
        dGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMPJCQtMfV3Vzal1jEHF
        eMdq9HB4zrjPgG5N+6dfOtgPf5bJpZVZ1If2CNbie3QJGNpF84ZfUIqbP5tzT0UQ
        9qujUzBRMB0GA1UdDgQWBBRuSVcMuBNA+ZviCU4M56FnzA4vuzAfBgNVHSMEGDAW
        gBRuSVcMuBNA+ZviCU4M56FnzA4vuzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
        BAMCA0gAMEUCIQCumjn+HPi+uMDnCaY2NRqd2DaQH9cWINxWGYqbuZXQ1gIgfhWd
        E/5N/XBLWX8yBjP0DDj4cw4hIIwYtzYHcYA9Z+U=
        -----END CERTIFICATE-----
        """

    @Test func pgpassLinesMatchWithWildcardsAndEscapes() {
        let file = PgPassFile(
            parsing: """
                # a comment
                other:5432:*:tally:nope
                db.example.org:*:results:tally:first\\:pass\\\\word:ignored
                *:*:*:tally:fallback
                too:few:fields
                """)
        let location = PostgresLocation(user: "tally", host: "db.example.org", port: 6543, database: "results")
        #expect(file.password(for: location) == "first:pass\\word")
        var elsewhere = location
        elsewhere.database = "other"
        #expect(file.password(for: elsewhere) == "fallback")
        elsewhere.user = "someone"
        #expect(file.password(for: elsewhere) == nil)
        #expect(file.entries.count == 3)
    }

    @Test func anEscapedStarIsALiteralStar() {
        let file = PgPassFile(parsing: "\\*:*:*:*:star\n")
        #expect(file.password(for: PostgresLocation(user: "u", host: "*", database: "d")) == "star")
        #expect(file.password(for: PostgresLocation(user: "u", host: "h", database: "d")) == nil)
    }

    @Test func passwordSourcesComeInOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let location = PostgresLocation(user: "tally", host: "127.0.0.1", port: 5432, database: "tally")
        let passFile = folder.path("pgpass")
        try folder.write("127.0.0.1:5432:tally:tally:from-pgpass\n", to: passFile, mode: 0o600)
        let explicit = folder.path("password")
        try folder.write("from-file\nsecond line\n", to: explicit, mode: 0o600)
        let environment = ["PGPASSWORD": "from-env", "PGPASSFILE": passFile]
        #expect(
            try PostgresPassword.resolve(for: location, passwordFile: explicit, environment: environment)
                == "from-file")
        #expect(try PostgresPassword.resolve(for: location, environment: environment) == "from-env")
        #expect(try PostgresPassword.resolve(for: location, environment: ["PGPASSFILE": passFile]) == "from-pgpass")
        #expect(try PostgresPassword.resolve(for: location, environment: ["HOME": folder.root]) == nil)
        try folder.write("*:*:*:*:from-home\n", to: folder.path(".pgpass"), mode: 0o600)
        #expect(try PostgresPassword.resolve(for: location, environment: ["HOME": folder.root]) == "from-home")
        #expect(throws: PostgresLocationError.self) {
            try PostgresPassword.resolve(for: location, passwordFile: folder.path("missing"), environment: [:])
        }
    }

    @Test func aPgpassOthersCanReadIsIgnoredWithAWarning() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let location = PostgresLocation(user: "tally", host: "127.0.0.1", database: "tally")
        let passFile = folder.path("pgpass")
        try folder.write("*:*:*:*:secret\n", to: passFile, mode: 0o644)
        var warnings: [String] = []
        let password = try PostgresPassword.resolve(
            for: location, environment: ["PGPASSFILE": passFile], warn: { warnings.append($0) })
        #expect(password == nil)
        #expect(warnings.count == 1 && warnings[0].contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: passFile)
        #expect(try PostgresPassword.resolve(for: location, environment: ["PGPASSFILE": passFile]) == "secret")
    }
}

/// A fresh folder under the temporary directory.
struct TemporaryFolder {
    let root: String

    init() throws {
        root = (NSTemporaryDirectory() as NSString).appendingPathComponent("tally-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

    func write(_ text: String, to path: String, mode: Int) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
