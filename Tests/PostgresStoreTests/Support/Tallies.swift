import Store
import Wire

/// Valid `tally` records (every required field set) written by simulated sites.
enum Tallies {
    /// The state after a put of a tally `id` with `votes` (and `observer`, when given) by `site` at `clock`, over
    /// `existing`.
    static func put(
        _ id: String, votes: Int64, observer: String? = nil, over existing: RecordState? = nil, site: SiteID,
        clock: HLCTimestamp
    ) -> RecordState {
        var values: [(String, FieldValue)] = [("votes", .int(votes))]
        if let observer { values.append(("observer", .string(observer))) }
        if existing == nil || existing?.isDeleted == true {
            values += [
                ("election_id", .string("fr-2024-leg")), ("round", .int(1)), ("unit_id", .string("fr")),
                ("selection_id", .string("rn")), ("status", .enumeration("certified")),
            ]
        }
        return RecordState.put(values, into: existing, type: .tally, id: id, clock: clock, site: site)
    }

    /// A clock reading at `milliseconds` (2025 and after).
    static func clock(_ milliseconds: UInt64, counter: UInt16 = 0) -> HLCTimestamp {
        HLCTimestamp(milliseconds: 1_760_000_000_000 + milliseconds, counter: counter)
    }
}
