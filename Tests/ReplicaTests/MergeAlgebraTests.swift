import Replica
import Store
import Testing
import Wire

@Suite struct MergeAlgebraTests {
    /// States of one record from one random history, plus the generator to sample them with.
    private func history(seed: UInt64) -> (states: [RecordState], simulator: HistorySimulator) {
        var simulator = HistorySimulator(seed: seed)
        simulator.run(steps: 40)
        return (simulator.allStates, simulator)
    }

    @Test func mergeIsCommutativeAssociativeAndIdempotent() throws {
        var cases = 0
        var conflicted = 0
        var deleted = 0
        for seed in UInt64(1)...400 {
            var (states, simulator) = history(seed: seed)
            guard !states.isEmpty else { continue }
            conflicted += states.filter(\.hasConflicts).count
            deleted += states.filter(\.isDeleted).count
            for _ in 0..<8 {
                let a = states.randomElement(using: &simulator.generator)!
                let b = states.randomElement(using: &simulator.generator)!
                let c = states.randomElement(using: &simulator.generator)!
                let ab = a.merged(with: b)
                #expect(ab.encodedBytes == b.merged(with: a).encodedBytes, "commutative, seed \(seed)")
                #expect(
                    ab.merged(with: c).encodedBytes == a.merged(with: b.merged(with: c)).encodedBytes,
                    "associative, seed \(seed)"
                )
                #expect(a.merged(with: a) == a, "idempotent, seed \(seed)")
                #expect(ab.merged(with: b) == ab, "absorbs what it merged, seed \(seed)")
                #expect(try RecordState(encodedBytes: ab.encodedBytes) == ab, "canonical, seed \(seed)")
                cases += 1
            }
        }
        #expect(cases > 3_000)
        // The histories really exercise conflicts and tombstones.
        #expect(conflicted > 500 && deleted > 500)
    }

    @Test func aLaterStateOfASiteSupersedesItsEarlierOnes() {
        for seed in UInt64(1_000)...1_200 {
            let (_, simulator) = history(seed: seed)
            for site in simulator.sites {
                for (older, newer) in zip(site.history, site.history.dropFirst()) {
                    #expect(older.merged(with: newer) == newer, "seed \(seed)")
                    #expect(newer.merged(with: older) == newer, "seed \(seed)")
                }
            }
        }
    }

    @Test func sitesThatExchangedEverythingHoldTheSameState() {
        for seed in UInt64(2_000)...2_300 {
            var (_, simulator) = history(seed: seed)
            let states = simulator.sites.compactMap(\.state)
            guard let first = states.first else { continue }
            let all = states.dropFirst().reduce(first) { $0.merged(with: $1) }
            // Each site merging everything, in a shuffled order, reaches the same bytes.
            for _ in 0..<3 {
                let shuffled = states.shuffled(using: &simulator.generator)
                let merged = shuffled.dropFirst().reduce(shuffled[0]) { $0.merged(with: $1) }
                #expect(merged.encodedBytes == all.encodedBytes, "seed \(seed)")
            }
        }
    }
}
