import Foundation
import Sync
import TestSupport
import Testing
import Wire

/// The pure range reconciliation: exact against a brute-force set difference, always terminating, and within
/// its byte and round-trip budget.
@Suite struct ReconcileAlgorithmTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func randomID(length: Int, _ rng: inout SeededGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    static func digest(_ rng: inout SeededGenerator) -> Digest128 {
        Digest128(high: rng.next(), low: rng.next())
    }

    /// Two sides that share `common` items and differ in `onlyClient`, `onlyServer` and `changed` items.
    struct Sides {
        var client: [ReconcileItem] = []
        var server: [ReconcileItem] = []
    }

    static func brute(_ sides: Sides) -> (need: Set<String>, have: Set<String>) {
        let client = Dictionary(uniqueKeysWithValues: sides.client.map { ($0.id, $0.digest) })
        let server = Dictionary(uniqueKeysWithValues: sides.server.map { ($0.id, $0.digest) })
        let need = Set(server.filter { client[$0.key] != $0.value }.keys)
        let have = Set(client.filter { server[$0.key] != $0.value }.keys)
        return (need, have)
    }

    static func sides(
        common: Int, onlyClient: Int, onlyServer: Int, changed: Int, idLength: Int = 32, clustered: Bool = false,
        _ rng: inout SeededGenerator
    ) -> Sides {
        var sides = Sides()
        var seen: Set<String> = []
        func fresh() -> String {
            while true {
                let id = randomID(length: idLength, &rng)
                if seen.insert(id).inserted { return id }
            }
        }
        // Clustered differences share a prefix, so they land in the same ranges.
        let clusterPrefix = clustered ? randomID(length: 3, &rng) : ""
        func freshDifferent() -> String {
            guard clustered else { return fresh() }
            while true {
                let id = clusterPrefix + randomID(length: max(3, idLength - 3), &rng)
                if seen.insert(id).inserted { return id }
            }
        }
        for _ in 0..<common {
            let item = ReconcileItem(id: fresh(), digest: digest(&rng))
            sides.client.append(item)
            sides.server.append(item)
        }
        for _ in 0..<changed {
            let id = freshDifferent()
            sides.client.append(ReconcileItem(id: id, digest: digest(&rng)))
            sides.server.append(ReconcileItem(id: id, digest: digest(&rng)))
        }
        for _ in 0..<onlyClient { sides.client.append(ReconcileItem(id: freshDifferent(), digest: digest(&rng))) }
        for _ in 0..<onlyServer { sides.server.append(ReconcileItem(id: freshDifferent(), digest: digest(&rng))) }
        return sides
    }

    static func check(
        _ sides: Sides,
        configuration: ReconcileConfiguration = ReconcileConfiguration(),
        serverConfiguration: ReconcileConfiguration? = nil
    ) async throws -> ReconcileSimulation.Outcome {
        let outcome = try await ReconcileSimulation.run(
            client: SortedItemSource(sides.client), server: SortedItemSource(sides.server),
            clientConfiguration: configuration, serverConfiguration: serverConfiguration ?? configuration
        )
        let expected = brute(sides)
        #expect(outcome.roundTrips < ReconcileSimulation.roundLimit, "did not terminate")
        #expect(outcome.need == expected.need)
        #expect(outcome.have == expected.have)
        return outcome
    }

    @Test func edgeCasesAreExact() async throws {
        var rng = SeededGenerator(seed: 1)
        // Both empty, one side empty, identical, a single difference.
        _ = try await Self.check(Sides())
        _ = try await Self.check(Self.sides(common: 0, onlyClient: 500, onlyServer: 0, changed: 0, &rng))
        _ = try await Self.check(Self.sides(common: 0, onlyClient: 0, onlyServer: 500, changed: 0, &rng))
        let identical = try await Self.check(Self.sides(common: 5_000, onlyClient: 0, onlyServer: 0, changed: 0, &rng))
        #expect(identical.roundTrips == 1)
        _ = try await Self.check(Self.sides(common: 5_000, onlyClient: 0, onlyServer: 0, changed: 1, &rng))
        _ = try await Self.check(Self.sides(common: 1, onlyClient: 1, onlyServer: 1, changed: 1, &rng))
    }

    @Test func randomSetsReconcileExactlyUnderAnyThresholds() async throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let scale = [0, 1, 10, 100, 1_000][Int(rng.next() % 5)]
            let sides = Self.sides(
                common: Int(rng.next() % UInt64(scale + 1)),
                onlyClient: Int(rng.next() % UInt64(scale / 4 + 2)),
                onlyServer: Int(rng.next() % UInt64(scale / 4 + 2)),
                changed: Int(rng.next() % UInt64(scale / 4 + 2)),
                idLength: 4 + Int(rng.next() % 6),
                clustered: rng.next() % 3 == 0,
                &rng
            )
            // Each side with thresholds of its own: the result must not depend on them.
            func configuration() -> ReconcileConfiguration {
                var configuration = ReconcileConfiguration()
                configuration.idListThreshold = 1 + Int(rng.next() % 8)
                configuration.fanout = 2 + Int(rng.next() % 15)
                configuration.initialRangeSize = 1 + Int(rng.next() % 500)
                configuration.maximumReplyList = Int(rng.next() % 40)
                // Small messages force the over-budget path (the rest of the id space left for a later round).
                configuration.maximumMessageBytes = rng.next() % 4 == 0 ? 1_000 + Int(rng.next() % 2_000) : 4 << 20
                return configuration
            }
            _ = try await Self.check(sides, configuration: configuration(), serverConfiguration: configuration())
        }
    }
}

/// The byte and round-trip budget of reconciliation on large sets.
@Suite struct ReconcileBudgetTests {
    typealias Base = ReconcileAlgorithmTests

    @Test func hundredDifferencesInAHundredThousandFitTheBudget() async throws {
        var rng = SeededGenerator(seed: 7)
        let sides = Base.sides(common: 100_000 - 50, onlyClient: 30, onlyServer: 30, changed: 40, &rng)
        let outcome = try await Base.check(sides)
        #expect(outcome.roundTrips <= 4)
        #expect(outcome.bytes < 80_000, "used \(outcome.bytes) bytes")
    }

    @Test func clusteredDifferencesFitTheBudget() async throws {
        var rng = SeededGenerator(seed: 8)
        let sides = Base.sides(
            common: 100_000 - 500, onlyClient: 200, onlyServer: 200, changed: 100, clustered: true, &rng
        )
        let outcome = try await Base.check(sides)
        #expect(outcome.roundTrips <= 4)
    }

    /// The 10^6 target; slow in debug builds, so it runs only with TALLY_RECONCILE_BENCH=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TALLY_RECONCILE_BENCH"] == "1"))
    func millionWithHundredDifferences() async throws {
        var rng = SeededGenerator(seed: 9)
        let sides = Base.sides(common: 1_000_000 - 50, onlyClient: 30, onlyServer: 30, changed: 40, &rng)
        let outcome = try await Base.check(sides)
        print("10^6 / 100 differences: \(outcome.roundTrips) round trips, \(outcome.bytes) bytes")
        #expect(outcome.roundTrips <= 4)
        #expect(outcome.bytes < 165_000)
    }
}
