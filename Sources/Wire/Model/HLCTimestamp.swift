/// A hybrid logical clock reading: 48 bits of Unix milliseconds, then a 16-bit logical counter.
///
/// The raw 64-bit value orders readings: a later physical time, or the same time with a higher counter, is larger.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `milliseconds << 16 | counter`.
    public var rawValue: UInt64

    /// Wraps a raw 64-bit reading.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Makes a reading from its parts. `milliseconds` is truncated to 48 bits.
    public init(milliseconds: UInt64, counter: UInt16) {
        self.rawValue = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | UInt64(counter)
    }

    /// The zero reading, older than every real one.
    public static let zero = HLCTimestamp(rawValue: 0)

    /// Unix time in milliseconds (48 bits).
    public var milliseconds: UInt64 { rawValue >> 16 }

    /// The logical counter.
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// `MILLISECONDS.COUNTER`.
    public var description: String { "\(milliseconds).\(counter)" }

    /// Ordered by time, then counter.
    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }
}
