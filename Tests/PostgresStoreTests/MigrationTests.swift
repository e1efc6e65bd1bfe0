import PostgresStore
import Store
import TestSupport
import Testing
import Wire

/// Opening a database: the migrations, once, whoever opens it at the same time; a newer schema left alone; the
/// errors a user reads when the database cannot be used.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct MigrationTests {
    @Test func storesOpeningAFreshDatabaseAtOnceMigrateItOnceAndShareOneSiteID() async throws {
        try await TestDatabase.withFreshDatabase { location, password in
            let sites = try await withThrowingTaskGroup(of: SiteID.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresRecordStore.open(location, password: password, logger: TestDatabase.logger)
                            .siteID
                    }
                }
                var sites: [SiteID] = []
                for try await site in group { sites.append(site) }
                return sites
            }
            #expect(Set(sites).count == 1)
            let rows = try await TestDatabase.rows(
                location, password,
                "SELECT version::text, count(*)::text FROM tally_migrations GROUP BY version ORDER BY version")
            #expect(rows == [["1", "1"], ["2", "1"]])
            // Opening again applies nothing and keeps the site id.
            let again = try await PostgresRecordStore.open(location, password: password, logger: TestDatabase.logger)
            #expect(again.siteID == sites[0])
        }
    }

    @Test func aDatabaseANewerTallyMigratedIsRefusedAndLeftAsItIs() async throws {
        try await TestDatabase.withFreshDatabase { location, password in
            _ = try await PostgresRecordStore.open(location, password: password, logger: TestDatabase.logger)
            try await TestDatabase.admin(
                location, password, "INSERT INTO tally_migrations VALUES (99, 'from-the-future', now())")
            let error = await #expect(throws: ReplicaError.self) {
                try await PostgresRecordStore.open(location, password: password, logger: TestDatabase.logger)
            }
            #expect(error?.code == .newerStore)
            #expect(error?.message.contains("upgrade tally") == true)
            #expect(error?.message.contains("\n") == false)
            let rows = try await TestDatabase.rows(
                location, password, "SELECT max(version)::text FROM tally_migrations")
            #expect(rows == [["99"]])
        }
    }

    @Test func aMissingDatabaseAWrongPasswordAndNoServerAreSaidPlainly() async throws {
        let (server, password) = try TestDatabase.server()
        var missing = server
        missing.database = "tally_no_such_database"
        let notThere = await #expect(throws: ReplicaError.self) {
            try await PostgresRecordStore.open(missing, password: password, logger: TestDatabase.logger)
        }
        #expect(notThere?.message.contains("database tally_no_such_database does not exist") == true)
        let refused = await #expect(throws: ReplicaError.self) {
            try await PostgresRecordStore.open(server, password: "wrong", logger: TestDatabase.logger)
        }
        #expect(refused?.message.contains("refused the password of \(server.user)") == true)
        var closed = server
        closed.port = 1
        let unreachable = await #expect(throws: ReplicaError.self) {
            try await PostgresRecordStore.open(closed, password: password, logger: TestDatabase.logger)
        }
        #expect(unreachable?.message.contains("cannot connect to PostgreSQL at \(server.host):1") == true)
        // A missing database or a wrong password is the configuration's to fix; a server not up, a retry's.
        #expect(notThere?.code == .storeRefused && refused?.code == .storeRefused)
        #expect(unreachable?.code == .storage)
        for error in [notThere, refused, unreachable] {
            #expect(error?.message.contains("\n") == false)
            #expect(error?.message.contains("PSQLError") == false)
        }
    }
}
