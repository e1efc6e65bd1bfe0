import Foundation

/// The clock rules of Protocol.md §5 that are not the hybrid clock itself: the earliest plausible wall clock and
/// the sentences that say which clock is off, in which direction and by how much.
public enum ClockSkew {
    /// 2025-01-01 00:00 UTC in Unix milliseconds: a wall clock before it is wrong (Tally did not exist), so local
    /// writes are refused while the clock says so.
    public static let earliestPlausible: UInt64 = 1_735_689_600_000

    /// `milliseconds` as a short human duration, rounded to its largest unit: `412 days`, `1 hour`, `10 minutes`.
    public static func duration(_ milliseconds: UInt64) -> String {
        let units: [(name: String, size: UInt64)] = [
            ("day", 86_400_000), ("hour", 3_600_000), ("minute", 60_000), ("second", 1_000),
        ]
        // The largest unit that the duration reaches within 5 % (3,596,983 ms is "1 hour", not "60 minutes").
        let unit = units.first { milliseconds * 20 >= $0.size * 19 } ?? ("millisecond", 1)
        let count = max(1, (milliseconds + unit.size / 2) / unit.size)
        return "\(count) \(unit.name)\(count == 1 ? "" : "s")"
    }

    /// A signed skew (`peer − local`, ms) as the words before "this machine's": `1 hour ahead of`, `2 days
    /// behind`, or `in step with` under a second (network transit alone is that much).
    public static func relation(_ skew: Int64) -> String {
        skew.magnitude < 1_000 ? "in step with" : "\(duration(skew.magnitude)) \(skew > 0 ? "ahead of" : "behind")"
    }

    /// Unix milliseconds as a UTC minute, `2026-12-02 00:52 UTC`.
    public static func date(_ milliseconds: UInt64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
        let two = { (value: Int?) in String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) UTC"
    }

    /// `peerClock − localClock` in ms, saturating.
    public static func skew(peerClock: UInt64, localClock: UInt64) -> Int64 {
        peerClock >= localClock
            ? Int64(clamping: peerClock - localClock) : -Int64(clamping: localClock - peerClock)
    }

    /// The one-line refusal of a handshake whose two wall clocks are more than `limit` apart, said to the user of
    /// the machine whose clock is `localClock` ("this machine"); `peer` names the other side ("the server").
    public static func refusal(localClock: UInt64, peerClock: UInt64, peer: String, limit: UInt64) -> String {
        let skew = skew(peerClock: peerClock, localClock: localClock)
        let side = skew > 0 ? "behind" : "ahead of"
        return "this machine's clock is \(duration(skew.magnitude)) \(side) \(peer)'s (limit \(duration(limit)); "
            + "this machine: \(date(localClock)), \(peer): \(date(peerClock))): set the clock that is wrong and retry"
    }
}
