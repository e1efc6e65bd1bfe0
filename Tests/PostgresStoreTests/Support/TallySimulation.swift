import Store
import TestSupport
import Wire

/// Random histories of a dozen `tally` records across three simulated sites (puts, deletes, re-creates,
/// resolutions, merges of each other's states, with skewed wall clocks), and random batches of the states they
/// held: old ones, new ones, duplicates, from any sender.
struct TallySimulation {
    struct Site {
        var id: SiteID
        var wall: ManualClock
        var clock: HybridLogicalClock
        var states: [String: RecordState] = [:]
    }

    static let ids = (0..<12).map { "t-\($0 < 10 ? "0" : "")\($0)" }
    var sites: [Site]
    var generator: SeededGenerator
    /// Every state any site held.
    private(set) var history: [RecordState] = []

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
        sites = (0..<3).map { index in
            let wall = ManualClock(1_760_000_000_000 + UInt64(index) * 3)
            return Site(
                id: SiteID(high: UInt64(index + 1), low: seed),
                wall: wall,
                clock: HybridLogicalClock(wallClock: wall.wallClock, maxDrift: .max / 2))
        }
    }

    /// Runs `steps` random operations.
    mutating func run(steps: Int) {
        for _ in 0..<steps { step() }
    }

    /// A batch of 1–12 states anyone held, and the sender it is said to come from.
    mutating func batch() -> (sender: SiteID, records: [RecordState]) {
        let sender = sites[Int.random(in: 0..<sites.count, using: &generator)].id
        guard !history.isEmpty else { return (sender, []) }
        let count = Int.random(in: 1...12, using: &generator)
        // Mostly recent states, sometimes any old one.
        let records = (0..<count).map { _ in
            Bool.random(using: &generator)
                ? history[Int.random(in: max(0, history.count - 8)..<history.count, using: &generator)]
                : history.randomElement(using: &generator)!
        }
        return (sender, records)
    }

    private mutating func step() {
        let index = Int.random(in: 0..<sites.count, using: &generator)
        sites[index].wall.advance(by: UInt64.random(in: 0...3, using: &generator))
        let id = Self.ids.randomElement(using: &generator)!
        let current = sites[index].states[id]
        let site = sites[index].id
        var state: RecordState?
        switch Int.random(in: 0..<10, using: &generator) {
        case 0...4:
            let votes = Int64.random(in: 0..<4, using: &generator)
            let observer = Bool.random(using: &generator) ? nil : ["ana", "ben"].randomElement(using: &generator)
            state = Tallies.put(
                id, votes: votes, observer: observer, over: current, site: site, clock: sites[index].clock.now())
        case 5:
            guard let current, !current.isDeleted else { return }
            state = current.deleted(clock: sites[index].clock.now(), site: site)
        case 6:
            guard let current, let conflict = current.openConflicts.first else { return }
            state = current.writing(conflict.winner, to: conflict.field, clock: sites[index].clock.now(), site: site)
        default:
            let from = Int.random(in: 0..<sites.count, using: &generator)
            guard from != index, let remote = sites[from].states[id] else { return }
            try? sites[index].clock.receive(remote.versionVector.maxClock)
            state = current.map { $0.merged(with: remote) } ?? remote
        }
        if let state {
            sites[index].states[id] = state
            history.append(state)
        }
    }
}
