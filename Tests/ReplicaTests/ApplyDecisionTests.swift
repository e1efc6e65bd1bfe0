import Replica
import Store
import TestSupport
import Testing
import Wire

/// Properties of the apply decision on its own, with no store: states from random histories of one record
/// (`HistorySimulator`, seeded), over nothing, a stored record, or a collected tombstone's marker.
@Suite struct ApplyDecisionTests {
    /// The states of one random history and the generator to sample them with.
    private func history(seed: UInt64) -> (states: [RecordState], simulator: HistorySimulator) {
        var simulator = HistorySimulator(seed: seed)
        simulator.run(steps: 40)
        return (simulator.allStates, simulator)
    }

    /// The marker tombstone collection leaves for a deleted state: the tombstone without its fields.
    private func marker(of state: RecordState) -> RecordState {
        var marker = state
        marker.fields = []
        return marker
    }

    /// A random stored state drawn from `states`: nothing, a stored record, or the marker of a deleted one.
    private func randomStored(_ states: [RecordState], _ generator: inout SeededGenerator) -> StoredState {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            return .none
        case 1:
            return .record(states.randomElement(using: &generator)!)
        default:
            guard let deleted = states.filter(\.isDeleted).randomElement(using: &generator) else { return .none }
            return .collected(marker: marker(of: deleted))
        }
    }

    /// What the store holds after executing the decision for `incoming` over `stored`.
    private func applying(_ incoming: RecordState, to stored: StoredState) throws -> StoredState {
        try ApplyDecision(stored: stored, incoming: incoming).state.map(StoredState.record) ?? stored
    }

    @Test func applyingTheSameStateTwiceIsApplyingItOnce() throws {
        var cases = 0
        for seed in UInt64(1)...300 {
            var (states, simulator) = history(seed: seed)
            guard !states.isEmpty else { continue }
            for _ in 0..<8 {
                let stored = randomStored(states, &simulator.generator)
                let incoming = states.randomElement(using: &simulator.generator)!
                let once = try applying(incoming, to: stored)
                let again = try ApplyDecision(stored: once, incoming: incoming)
                #expect(again == ApplyDecision.ignore, "seed \(seed)")
                #expect(again.action == .ignore && again.state == nil, "seed \(seed)")
                cases += 1
            }
        }
        #expect(cases > 2_000)
    }

    @Test func theOrderOfTwoIncomingStatesDoesNotMatter() throws {
        var markers = 0
        for seed in UInt64(1_000)...1_300 {
            var (states, simulator) = history(seed: seed)
            guard !states.isEmpty else { continue }
            for _ in 0..<8 {
                let stored = randomStored(states, &simulator.generator)
                if case .collected = stored { markers += 1 }
                let a = states.randomElement(using: &simulator.generator)!
                let b = states.randomElement(using: &simulator.generator)!
                let ab = try applying(b, to: applying(a, to: stored))
                let ba = try applying(a, to: applying(b, to: stored))
                #expect(ab == ba, "seed \(seed)")
                #expect(ab.state?.encodedBytes == ba.state?.encodedBytes, "seed \(seed)")
            }
        }
        // The histories really exercise the markers of collected tombstones.
        #expect(markers > 200)
    }

    @Test func aStateTheStoredOneAlreadyHoldsIsNoWrite() throws {
        for seed in UInt64(2_000)...2_200 {
            let (states, simulator) = history(seed: seed)
            for state in states {
                #expect(try ApplyDecision(stored: .record(state), incoming: state) == ApplyDecision.ignore)
            }
            // Each state a site held covers the ones before it: an older copy arriving changes nothing.
            for site in simulator.sites {
                for (older, newer) in zip(site.history, site.history.dropFirst()) {
                    let decision = try ApplyDecision(stored: .record(newer), incoming: older)
                    #expect(decision.action == .ignore, "seed \(seed)")
                    #expect(decision.liveCountChange == 0 && decision.conflictCountChange == 0, "seed \(seed)")
                }
            }
        }
    }

    @Test func countersFollowTheStoredStateAcrossAnyRunOfIncomingStates() throws {
        var gained = 0
        for seed in UInt64(3_000)...3_300 {
            var (states, simulator) = history(seed: seed)
            guard !states.isEmpty else { continue }
            var stored = randomStored(states, &simulator.generator)
            // What the store counts at the start; a marker is not a row: it counts neither live nor conflicted.
            var live = 0
            var conflicts = 0
            if case .record(let state) = stored {
                live = state.isDeleted ? 0 : 1
                conflicts = state.openConflicts.isEmpty ? 0 : 1
            }
            for _ in 0..<12 {
                let incoming = states.randomElement(using: &simulator.generator)!
                let wasConflicted = conflicts == 1
                let decision = try ApplyDecision(stored: stored, incoming: incoming)
                stored = decision.state.map(StoredState.record) ?? stored
                live += decision.liveCountChange
                conflicts += decision.conflictCountChange
                // Independent of the decision: a live row counts live; a row with open conflicts counts conflicted.
                guard case .record(let state) = stored else {
                    #expect(live == 0 && conflicts == 0, "seed \(seed)")
                    continue
                }
                #expect(live == (state.isDeleted ? 0 : 1), "seed \(seed)")
                #expect(conflicts == (state.openConflicts.isEmpty ? 0 : 1), "seed \(seed)")
                #expect(decision.gainsConflict == (!wasConflicted && conflicts == 1), "seed \(seed)")
                if decision.gainsConflict { gained += 1 }
            }
        }
        #expect(gained > 100)
    }

    @Test func theSenderGetsTheStoredStateBackOnlyWhenItDiffersFromWhatItSent() throws {
        var merges = 0
        for seed in UInt64(4_000)...4_300 {
            var (states, simulator) = history(seed: seed)
            guard !states.isEmpty else { continue }
            for _ in 0..<8 {
                let stored = randomStored(states, &simulator.generator)
                let incoming = states.randomElement(using: &simulator.generator)!
                let decision = try ApplyDecision(stored: stored, incoming: incoming)
                guard let state = decision.state else { continue }
                #expect(decision.echoesToSender == (state != incoming), "seed \(seed)")
                #expect(state == (stored.state.map { $0.merged(with: incoming) } ?? incoming), "seed \(seed)")
                switch decision.action {
                case .insert:
                    #expect(stored.state == nil || decision.dropsMarker, "seed \(seed)")
                case .replace:
                    #expect(state == incoming && !decision.dropsMarker, "seed \(seed)")
                case .merge:
                    #expect(state != incoming && !decision.dropsMarker, "seed \(seed)")
                    merges += 1
                case .ignore:
                    Issue.record("a decision that stores a state cannot be .ignore")
                }
            }
        }
        #expect(merges > 100)
    }

    @Test func anOldCopyOfACollectedTombstoneStoresTheTombstoneAgain() throws {
        var cases = 0
        for seed in UInt64(5_000)...5_300 {
            let (_, simulator) = history(seed: seed)
            for site in simulator.sites {
                guard let index = site.history.lastIndex(where: \.isDeleted), index > 0 else { continue }
                let tombstone = marker(of: site.history[index])
                for older in site.history[..<index] where !older.isDeleted {
                    let decision = try ApplyDecision(stored: .collected(marker: tombstone), incoming: older)
                    #expect(decision.action == .insert, "seed \(seed)")
                    #expect(decision.state == tombstone && decision.state?.isDeleted == true, "seed \(seed)")
                    #expect(decision.dropsMarker && decision.echoesToSender, "seed \(seed)")
                    #expect(decision.liveCountChange == 0, "seed \(seed)")
                    cases += 1
                }
                // A deleted copy the marker covers changes nothing: the marker stays.
                let again = try ApplyDecision(stored: .collected(marker: tombstone), incoming: site.history[index])
                #expect(again.action == .ignore && !again.dropsMarker, "seed \(seed)")
            }
        }
        #expect(cases > 100)
    }

    @Test func aStateOfAnotherTypeIsRefused() {
        let site = SiteID(high: 1, low: 2)
        let clock = HLCTimestamp(milliseconds: 1_720_000_000_000, counter: 0)
        let stored = RecordState.put([("votes", .int(3))], into: nil, type: .tally, id: "t-1", clock: clock, site: site)
        var other = stored
        other.type = .party
        #expect {
            try ApplyDecision(stored: .record(stored), incoming: other)
        } throws: { error in
            (error as? ReplicaError)?.code == .typeChange
        }
    }
}
