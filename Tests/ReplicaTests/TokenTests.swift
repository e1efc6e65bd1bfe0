import Foundation
import Replica
import Store
import TestSupport
import Testing

/// Token management in the replica: labels, listing, revocation, expiry, last use, and the migration of stores
/// made before tokens had labels.
@Suite struct TokenTests {
    @Test func createdTokensAreListedWithTheirLabelsAndNeverTheirSecrets() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let start = Date(timeIntervalSince1970: TimeInterval(replicas.clocks[0].milliseconds / 1_000))
        let observer = try replica.createToken(
            dataset: "results", scope: .read, label: "observer-1", expires: start.addingTimeInterval(3_600)
        )
        let unnamed = try replica.createToken(dataset: nil, scope: .write, label: nil, expires: nil)
        #expect(observer.secret.hasPrefix("tly_") && observer.secret.count == 68)
        #expect(unnamed.info.label == "token-2")

        let listed = try replica.tokens()
        #expect(listed == [observer.info, unnamed.info])
        #expect(listed[0].label == "observer-1" && listed[0].scope == .read && listed[0].dataset == "results")
        #expect(listed[0].created == start)
        #expect(listed[0].expires == start.addingTimeInterval(3_600))
        #expect(listed[0].lastUsed == nil && listed[0].revoked == nil)
        #expect(listed[0].id.hasPrefix("tk_") && listed[0].id.count == 15)
        #expect(listed[1].dataset == nil && listed[1].expires == nil)
        #expect(!"\(listed)".contains(observer.secret) && !"\(listed)".contains(unnamed.secret))
    }

    @Test func aLabelIsUniqueAmongTokensNotRevoked() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let first = try replica.createToken(dataset: "results", scope: .read, label: "desk", expires: nil)
        let taken = #expect(throws: ReplicaError.self) {
            try replica.createToken(dataset: "results", scope: .write, label: "desk", expires: nil)
        }
        #expect(taken?.code == .labelTaken)
        for bad in ["", "tk_0123456789ab", "with space", String(repeating: "x", count: 65)] {
            let invalid = #expect(throws: ReplicaError.self) {
                try replica.createToken(dataset: "results", scope: .read, label: bad, expires: nil)
            }
            #expect(invalid?.code == .invalidName)
        }
        #expect(try replica.tokens().count == 1)
        try replica.revokeToken("desk")
        let second = try replica.createToken(dataset: "results", scope: .write, label: "desk", expires: nil)
        #expect(second.info.id != first.info.id)
        #expect(try replica.tokens().map(\.label) == ["desk", "desk"])
    }

    @Test func aRevokedTokenIsRefusedAndTheServerStaysClosed() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let byLabel = try replica.createToken(dataset: "results", scope: .write, label: "laptop", expires: nil)
        let byID = try replica.createToken(dataset: "results", scope: .read, label: nil, expires: nil)
        #expect(try replica.authorize(token: byLabel.secret) == .granted(TokenGrant(dataset: "results", scope: .write)))

        let revoked = try replica.revokeToken("laptop")
        #expect(revoked.id == byLabel.info.id && revoked.revoked != nil)
        try replica.revokeToken(byID.info.id)
        #expect(try replica.authorize(token: byLabel.secret) == .revokedOrUnknown)
        #expect(try replica.authorize(token: byID.secret) == .revokedOrUnknown)
        #expect(try replica.authorize(token: "tly_never-made") == .revokedOrUnknown)
        let now = Date(timeIntervalSince1970: TimeInterval(replicas.clocks[0].milliseconds / 1_000))
        #expect(try replica.tokens().map { $0.status(at: now) } == [.revoked, .revoked])
        // Revoking every token does not open the server.
        #expect(try replica.hasTokens())
        let again = #expect(throws: ReplicaError.self) { try replica.revokeToken("laptop") }
        #expect(again?.code == .tokenNotFound)
    }

    @Test func anExpiredTokenIsRefusedFromItsExpiryOn() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let clock = replicas.clocks[0]
        let start = Date(timeIntervalSince1970: TimeInterval(clock.milliseconds / 1_000))
        let token = try replica.createToken(
            dataset: nil, scope: .read, label: "short", expires: start.addingTimeInterval(60)
        )
        #expect(try replica.authorize(token: token.secret) == .granted(TokenGrant(dataset: nil, scope: .read)))
        clock.advance(by: 59_000)
        #expect(try replica.authorize(token: token.secret) == .granted(TokenGrant(dataset: nil, scope: .read)))
        clock.advance(by: 1_000)
        #expect(try replica.authorize(token: token.secret) == .expired)
        #expect(try replica.tokens()[0].status(at: start.addingTimeInterval(60)) == .expired)
        #expect(try replica.tokens()[0].status(at: start.addingTimeInterval(59)) == .active)
    }

    @Test func lastUseIsRecordedAtMostOnceAMinute() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let clock = replicas.clocks[0]
        let start = Date(timeIntervalSince1970: TimeInterval(clock.milliseconds / 1_000))
        let token = try replica.createToken(dataset: nil, scope: .write, label: nil, expires: nil)
        #expect(try replica.tokens()[0].lastUsed == nil)
        _ = try replica.authorize(token: token.secret)
        #expect(try replica.tokens()[0].lastUsed == start)
        clock.advance(by: 30_000)
        _ = try replica.authorize(token: token.secret)
        #expect(try replica.tokens()[0].lastUsed == start)
        clock.advance(by: 30_000)
        _ = try replica.authorize(token: token.secret)
        #expect(try replica.tokens()[0].lastUsed == start.addingTimeInterval(60))
        // A refused token records nothing.
        try replica.revokeToken(token.info.id)
        clock.advance(by: 120_000)
        _ = try replica.authorize(token: token.secret)
        #expect(try replica.tokens()[0].lastUsed == start.addingTimeInterval(60))
    }

    @Test(.enabled(if: SQLiteShell.isAvailable))
    func tokensOfAStoreMadeBeforeLabelsAreMigrated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.subdirectory("old")
        var secrets: [String] = []
        do {
            let replica = try Replica.create(at: path)
            secrets.append(try replica.createToken(dataset: "fr", scope: .write))
            secrets.append(try replica.createToken(dataset: nil, scope: .read))
        }
        // Take the file back to the schema of v4 (the token table of v2, no v5 migration recorded).
        try SQLiteShell.run(
            path + "/.tally/replica.sqlite",
            """
            DROP INDEX tokens_by_id; DROP INDEX tokens_by_label;
            ALTER TABLE tokens DROP COLUMN id; ALTER TABLE tokens DROP COLUMN label;
            ALTER TABLE tokens DROP COLUMN expires_at; ALTER TABLE tokens DROP COLUMN last_used_at;
            ALTER TABLE tokens DROP COLUMN revoked_at; ALTER TABLE tokens DROP COLUMN serial;
            UPDATE tokens SET created_at = 1000 WHERE dataset = 'fr';
            UPDATE tokens SET created_at = 2000 WHERE dataset IS NULL;
            DELETE FROM grdb_migrations WHERE identifier = 'v5-token-management';
            """)

        let reopened = try Replica.open(at: path)
        let tokens = try reopened.tokens()
        #expect(tokens.map(\.label) == ["token-1", "token-2"])
        #expect(tokens.map(\.dataset) == ["fr", nil])
        #expect(tokens.allSatisfy { $0.id.hasPrefix("tk_") && $0.expires == nil && $0.lastUsed == nil })
        #expect(try reopened.authorize(token: secrets[0]) == .granted(TokenGrant(dataset: "fr", scope: .write)))
        #expect(try reopened.createToken(dataset: nil, scope: .read, label: nil, expires: nil).info.label == "token-3")
    }
}
