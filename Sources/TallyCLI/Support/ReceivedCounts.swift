/// How received records split: new here, updated, already held. Said the same way by `pull`, `sync`,
/// `bundle apply` and `mirror`: `received 1000 (12 new, 988 updated)`, only the non-zero parts.
struct ReceivedCounts {
    var new: Int
    var updated: Int
    var unchanged: Int

    /// ` (12 new, 988 updated, 3 unchanged)`, or nothing when all three are zero.
    var parenthesized: String {
        var parts: [String] = []
        if new > 0 { parts.append("\(new) new") }
        if updated > 0 { parts.append("\(updated) updated") }
        if unchanged > 0 { parts.append("\(unchanged) unchanged") }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }
}
