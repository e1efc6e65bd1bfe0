import Foundation
import PostgresStore
import Store
import TestSupport
import Testing
import Wire

/// Tombstone collection (the known peers, the horizon, the markers) and tokens (labels, scopes, expiry,
/// revocation, last use).
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct TombstoneAndTokenTests {
    let alice = SiteID(high: 1, low: 1)
    let bob = SiteID(high: 2, low: 2)

    @Test func aTombstoneEveryPeerPassedIsCollectedAndItsMarkerKeepsTheRecordDeleted() async throws {
        let wall = ManualClock(1_760_000_000_000 + 40 * 86_400_000)
        try await TestDatabase.withStore(options: ReplicaOptions(wallClock: wall.wallClock)) { store in
            try await store.createDataset(name: "results", kind: .election)
            let live = Tallies.put("gone", votes: 1, site: alice, clock: Tallies.clock(1))
            let tombstone = live.deleted(clock: Tallies.clock(2), site: alice)
            let kept = Tallies.put("kept", votes: 2, site: alice, clock: Tallies.clock(1))
            _ = try await store.applyBatch(
                dataset: "results", records: [live, kept], from: alice, cursor: FeedCursor(epoch: 1, sequence: 2))
            _ = try await store.applyBatch(
                dataset: "results", records: [tombstone], from: alice, cursor: FeedCursor(epoch: 1, sequence: 3))
            let feed = try #require(try await store.dataset(named: "results")).feed
            #expect(feed.sequence == 3)
            // Bob pulls from us but has not passed the tombstone: nothing is collected.
            try await store.recordDelivered(
                peer: bob, dataset: "results", cursor: FeedCursor(epoch: feed.epoch, sequence: 2))
            let early = try await store.collectTombstones(
                dataset: "results", olderThan: TombstoneCollection.defaultGrace)
            #expect(early == TombstoneCollection(collected: 0, horizon: 0))
            try await store.recordDelivered(
                peer: bob, dataset: "results", cursor: FeedCursor(epoch: feed.epoch, sequence: 3))
            // Younger than a 41-day grace: kept.
            let young = try await store.collectTombstones(dataset: "results", olderThan: 41 * 86_400_000)
            #expect(young.collected == 0)
            let collected = try await store.collectTombstones(
                dataset: "results", olderThan: TombstoneCollection.defaultGrace)
            #expect(collected == TombstoneCollection(collected: 1, horizon: 3))
            #expect(try await store.dataset(named: "results")?.horizon == 3)
            #expect(try await store.storedRecordCounts() == ["results": 1])
            #expect(try await store.reconcileItems(dataset: "results", in: .all).map(\.id) == ["kept"])
            let marker = try #require(try await store.records(dataset: "results", ids: ["gone"]).first)
            #expect(marker.isDeleted && marker.fields.isEmpty)
            // An old live copy from a peer that was away merges into the tombstone again: stored deleted, with a
            // new sequence, so that peer learns of the deletion.
            let outcome = try await store.applyBatch(
                dataset: "results", records: [live], from: bob, cursor: FeedCursor(epoch: 2, sequence: 1))
            #expect(outcome.applied == 1 && outcome.created == 1)
            let back = try await store.readChanges(dataset: "results", after: 3, limit: 10, excluding: bob)
            let states = try back.records.storedStates()
            #expect(states.count == 1 && states[0].id == "gone" && states[0].isDeleted)
            #expect(try await store.dataset(named: "results")?.recordCount == 1)
            let (location, password) = (store.location, try TestDatabase.server().1)
            #expect(
                try await TestDatabase.rows(location, password, "SELECT count(*)::text FROM collected_records") == [
                    ["0"]
                ])
        }
    }

    @Test func tokensAreLabelledScopedExpiredAndRevokedAsInSQLite() async throws {
        let wall = ManualClock(1_760_000_000_000)
        try await TestDatabase.withStore(options: ReplicaOptions(wallClock: wall.wallClock)) { store in
            #expect(try await store.hasTokens() == false)
            let first = try await store.createToken(dataset: "results", scope: .read, label: nil, expires: nil)
            let second = try await store.createToken(dataset: nil, scope: .write, label: nil, expires: nil)
            #expect(first.info.label == "token-1" && second.info.label == "token-2")
            #expect(first.secret.hasPrefix("tly_") && first.info.id.hasPrefix("tk_"))
            let taken = await #expect(throws: ReplicaError.self) {
                try await store.createToken(dataset: nil, scope: .read, label: "token-1", expires: nil)
            }
            #expect(taken?.code == .labelTaken)
            let badLabel = await #expect(throws: ReplicaError.self) {
                try await store.createToken(dataset: nil, scope: .read, label: "tk_nope", expires: nil)
            }
            #expect(badLabel?.code == .invalidName)
            let badDataset = await #expect(throws: ReplicaError.self) {
                try await store.createToken(dataset: "no spaces", scope: .read, label: nil, expires: nil)
            }
            #expect(badDataset?.code == .invalidName)
            let soon = Date(timeIntervalSince1970: 1_760_000_100)
            let expiring = try await store.createToken(dataset: nil, scope: .read, label: "ci", expires: soon)
            #expect(try await store.hasTokens())
            #expect(
                try await store.authorize(token: first.secret)
                    == .granted(TokenGrant(dataset: "results", scope: .read)))
            #expect(
                try await store.authorize(token: expiring.secret) == .granted(TokenGrant(dataset: nil, scope: .read)))
            #expect(try await store.authorize(token: "tly_unknown") == .revokedOrUnknown)
            // The last use is written at most once per TokenSecret.useResolution.
            let used = try #require(try await store.tokens().first?.lastUsed)
            #expect(used == Date(timeIntervalSince1970: 1_760_000_000))
            wall.advance(by: 30_000)
            _ = try await store.authorize(token: first.secret)
            #expect(try await store.tokens().first?.lastUsed == used)
            wall.advance(by: 31_000)
            _ = try await store.authorize(token: first.secret)
            #expect(try await store.tokens().first?.lastUsed == Date(timeIntervalSince1970: 1_760_000_061))
            wall.advance(by: 100_000)
            #expect(try await store.authorize(token: expiring.secret) == .expired)
            let revoked = try await store.revokeToken("token-1")
            #expect(revoked.id == first.info.id && revoked.revoked != nil)
            #expect(try await store.authorize(token: first.secret) == .revokedOrUnknown)
            let again = await #expect(throws: ReplicaError.self) { try await store.revokeToken("token-1") }
            #expect(again?.code == .tokenNotFound)
            // A revoked token's label is free again; the default label counts from the number of tokens.
            let reused = try await store.createToken(dataset: nil, scope: .read, label: "token-1", expires: nil)
            let next = try await store.createToken(dataset: nil, scope: .read, label: nil, expires: nil)
            #expect(reused.info.label == "token-1" && next.info.label == "token-5")
            let listed = try await store.tokens()
            #expect(listed.map(\.label) == ["token-1", "token-2", "ci", "token-1", "token-5"])
            #expect(listed[0].status(at: Date()) == .revoked && listed[2].status(at: Date()) == .expired)
            #expect(try await store.revokeToken(second.info.id).label == "token-2")
        }
    }
}
