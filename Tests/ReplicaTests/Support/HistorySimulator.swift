import Replica
import Store
import TestSupport
import Wire

/// Random histories of one record across 2–5 simulated sites: local puts, deletes, re-creates, resolutions and
/// state exchanges, with skewed wall clocks. Every state any site held is kept, so tests get states whose version
/// vectors really summarise their writes.
struct HistorySimulator {
    struct Site {
        var id: SiteID
        var wall: ManualClock
        var clock: HybridLogicalClock
        var state: RecordState?
        /// Every state this site held, oldest first (each covers the ones before it).
        var history: [RecordState] = []
    }

    static let fieldNames = ["alpha", "beta", "gamma", "votes"]
    var sites: [Site]
    var generator: SeededGenerator

    init(seed: UInt64, siteCount: Int? = nil) {
        generator = SeededGenerator(seed: seed)
        let count = siteCount ?? Int.random(in: 2...5, using: &generator)
        sites = []
        for index in 0..<count {
            let wall = ManualClock(1_720_000_000_000 + UInt64.random(in: 0...50, using: &generator))
            sites.append(
                Site(
                    id: SiteID(high: UInt64(index + 1), low: generator.next()),
                    wall: wall,
                    clock: HybridLogicalClock(wallClock: wall.wallClock, maxDrift: .max / 2)
                )
            )
        }
    }

    /// All states ever held, by any site.
    var allStates: [RecordState] { sites.flatMap(\.history) }

    mutating func randomValue() -> FieldValue {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: .int(Int64.random(in: 0..<3, using: &generator))
        case 1: .string(["x", "y"].randomElement(using: &generator)!)
        case 2: .null
        default: .bool(Bool.random(using: &generator))
        }
    }

    /// Runs `steps` random operations.
    mutating func run(steps: Int) {
        for _ in 0..<steps { step() }
    }

    mutating func step() {
        let index = Int.random(in: 0..<sites.count, using: &generator)
        sites[index].wall.advance(by: UInt64.random(in: 0...3, using: &generator))
        let roll = Int.random(in: 0..<10, using: &generator)
        let site = sites[index]
        var state: RecordState?
        switch roll {
        case 0...3:
            var values: [(String, FieldValue)] = []
            for name in HistorySimulator.fieldNames where Int.random(in: 0..<3, using: &generator) == 0 {
                values.append((name, randomValue()))
            }
            if values.isEmpty {
                values.append((HistorySimulator.fieldNames.randomElement(using: &generator)!, randomValue()))
            }
            let clock = sites[index].clock.now()
            state = RecordState.put(values, into: site.state, type: .tally, id: "t-1", clock: clock, site: site.id)
        case 4:
            guard let current = site.state, !current.isDeleted else { return }
            state = current.deleted(clock: sites[index].clock.now(), site: site.id)
        case 5:
            guard let current = site.state, let conflict = current.openConflicts.first else { return }
            let value = Bool.random(using: &generator) ? conflict.winner : (conflict.losers.first ?? conflict.winner)
            state = current.writing(value, to: conflict.field, clock: sites[index].clock.now(), site: site.id)
        default:
            let from = Int.random(in: 0..<sites.count, using: &generator)
            guard from != index, let remote = sites[from].state else { return }
            try? sites[index].clock.receive(remote.versionVector.maxClock)
            state = site.state.map { $0.merged(with: remote) } ?? remote
        }
        if let state {
            sites[index].state = state
            sites[index].history.append(state)
        }
    }
}
