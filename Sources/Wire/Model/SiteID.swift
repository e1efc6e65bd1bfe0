/// The 128-bit random identity of one replica. Orders like its 16 bytes read big-endian.
public struct SiteID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 8 bytes, big-endian.
    public var high: UInt64
    /// The last 8 bytes, big-endian.
    public var low: UInt64

    /// Makes a site id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh random site id.
    public static func random() -> SiteID {
        var generator = SystemRandomNumberGenerator()
        return SiteID(high: generator.next(), low: generator.next())
    }

    /// Parses 32 hex digits (any case).
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 32,
            let high = UInt64(hex.prefix(16), radix: 16),
            let low = UInt64(hex.dropFirst(16), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }

    /// 32 lowercase hex digits.
    public var hex: String {
        func pad(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return pad(high) + pad(low)
    }

    /// The 16 bytes, big-endian.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// The 32 lowercase hex digits.
    public var description: String { hex }

    /// Ordered as 128-bit unsigned integers (the byte order of the wire).
    public static func < (lhs: SiteID, rhs: SiteID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
