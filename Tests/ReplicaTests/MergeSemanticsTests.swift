import Replica
import Store
import Testing
import Wire

/// The merge rules on hand-made states, one rule per test.
@Suite struct MergeSemanticsTests {
    let a = SiteID(high: 1, low: 0)
    let b = SiteID(high: 2, low: 0)
    func t(_ ms: UInt64) -> HLCTimestamp { HLCTimestamp(milliseconds: ms, counter: 0) }

    func created(by site: SiteID, at clock: HLCTimestamp, votes: Int64) -> RecordState {
        RecordState.put([("votes", .int(votes))], into: nil, type: .tally, id: "t", clock: clock, site: site)
    }

    @Test func aWriteTheOtherSideHasSeenAndReplacedIsDropped() {
        let original = created(by: a, at: t(1), votes: 1)
        let edited = RecordState.put([("votes", .int(2))], into: original, type: .tally, id: "t", clock: t(2), site: b)
        let merged = original.merged(with: edited)
        #expect(merged == edited)
        #expect(merged.fields.first?.writes.count == 1)
    }

    @Test func concurrentWritesAreBothKeptWinnerFirst() {
        let base = created(by: a, at: t(1), votes: 1)
        let left = RecordState.put([("votes", .int(10))], into: base, type: .tally, id: "t", clock: t(5), site: a)
        let right = RecordState.put([("votes", .int(20))], into: base, type: .tally, id: "t", clock: t(3), site: b)
        let merged = left.merged(with: right)
        #expect(merged.fields.first?.writes.map(\.value) == [.int(10), .int(20)])
        #expect(merged.value(of: "votes") == .int(10))
        #expect(
            merged.openConflicts == [
                Conflict(type: .tally, id: "t", field: "votes", winner: .int(10), losers: [.int(20)])
            ])
        #expect(merged.versionVector[a] == t(5) && merged.versionVector[b] == t(3))
    }

    @Test func concurrentWritesOfTheSameValueAreNoConflict() {
        let base = created(by: a, at: t(1), votes: 1)
        let left = RecordState.put([("votes", .int(7))], into: base, type: .tally, id: "t", clock: t(5), site: a)
        let right = RecordState.put([("votes", .int(7))], into: base, type: .tally, id: "t", clock: t(3), site: b)
        let merged = left.merged(with: right)
        #expect(!merged.hasConflicts && merged.openConflicts.isEmpty)
    }

    @Test func aLocalWriteSettlesAConflict() {
        let base = created(by: a, at: t(1), votes: 1)
        let left = RecordState.put([("votes", .int(10))], into: base, type: .tally, id: "t", clock: t(5), site: a)
        let right = RecordState.put([("votes", .int(20))], into: base, type: .tally, id: "t", clock: t(3), site: b)
        let resolved = left.merged(with: right).writing(.int(15), to: "votes", clock: t(6), site: b)
        #expect(resolved.openConflicts.isEmpty)
        #expect(left.merged(with: resolved) == resolved && right.merged(with: resolved) == resolved)
    }
}
