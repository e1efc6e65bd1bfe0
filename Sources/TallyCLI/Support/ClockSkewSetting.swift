import Foundation
import Replica
import Store

/// The maximum clock skew a verb works with (Protocol.md §5): `--max-clock-skew` on `tally serve`, else the
/// `TALLY_MAX_CLOCK_SKEW` environment variable (every verb: syncs, local writes, bundles), else 7 days.
enum ClockSkewSetting {
    /// The environment variable that sets the maximum clock skew.
    static let variable = "TALLY_MAX_CLOCK_SKEW"

    /// The limit in milliseconds: `flag` when given, else the environment variable, else the default.
    static func milliseconds(flag: String? = nil) throws -> UInt64 {
        if let flag { return try parse(flag, source: "--max-clock-skew") }
        if let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty {
            return try parse(text, source: variable)
        }
        return HybridLogicalClock.defaultMaxDrift
    }

    private static func parse(_ text: String, source: String) throws -> UInt64 {
        guard let duration = DurationText.parse(text) else {
            throw CLIError("\(source) takes a duration such as 12h, 7d or 30d, not \(text)", status: .usage)
        }
        let (seconds, attoseconds) = duration.components
        return UInt64(seconds) * 1_000 + UInt64(attoseconds / 1_000_000_000_000_000)
    }

    /// Replica options with this limit.
    static func replicaOptions(flag: String? = nil) throws -> ReplicaOptions {
        ReplicaOptions(maxDrift: try milliseconds(flag: flag))
    }
}
