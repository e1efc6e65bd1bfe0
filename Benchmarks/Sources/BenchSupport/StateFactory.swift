import Foundation
import Replica
import Store
public import Wire

/// Builds record states as a remote replica would send them, without a store.
public struct StateFactory {
    /// The remote replica's site.
    public let site: SiteID
    private var clock: UInt64

    /// A factory for a fresh remote site; clocks start at the current wall time.
    public init() {
        site = SiteID.random()
        clock = UInt64(Date().timeIntervalSince1970 * 1000) << 16
    }

    /// The states of rows `indices` as first puts (`existing` nil) at increasing clocks.
    public mutating func states(_ indices: some Sequence<Int>, revision: Int = 0) throws -> [RecordState] {
        var states: [RecordState] = []
        for index in indices {
            clock += 1
            states.append(
                RecordState.put(
                    try TallyRows.values(index, revision: revision), into: nil, type: .tally, id: TallyRows.id(index),
                    clock: HLCTimestamp(rawValue: clock), site: site
                )
            )
        }
        return states
    }
}
