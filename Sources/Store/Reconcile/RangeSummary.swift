import Crypto
public import Wire

/// The count of a range's items and the sum of their digests modulo 2^128: what a fingerprint is made of.
/// Sums are order-independent and incremental: a range's summary is the sum of its parts'.
public struct RangeSummary: Hashable, Sendable {
    /// How many items.
    public private(set) var count: Int
    /// The high 64 bits of the digest sum.
    public private(set) var high: UInt64
    /// The low 64 bits of the digest sum.
    public private(set) var low: UInt64

    /// The summary of no items.
    public static let empty = RangeSummary(count: 0, high: 0, low: 0)

    /// Makes a summary from its parts.
    public init(count: Int, high: UInt64, low: UInt64) {
        self.count = count
        self.high = high
        self.low = low
    }

    /// Adds one item's digest.
    public mutating func add(_ digest: Digest128) {
        let (newLow, carry) = low.addingReportingOverflow(digest.low)
        low = newLow
        high = high &+ digest.high &+ (carry ? 1 : 0)
        count += 1
    }

    /// The summary of the items of `self` that are not in `other` (`other` a subset, as with prefix sums).
    public func subtracting(_ other: RangeSummary) -> RangeSummary {
        let (newLow, borrow) = low.subtractingReportingOverflow(other.low)
        return RangeSummary(count: count - other.count, high: high &- other.high &- (borrow ? 1 : 0), low: newLow)
    }

    /// The fingerprint sent on the wire: the first 16 bytes of SHA-256 over the 16-byte big-endian digest sum
    /// followed by the count as a big-endian u64 (Protocol.md §11.4).
    public var fingerprint: Digest128 {
        var bytes = [UInt8](repeating: 0, count: 24)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
            bytes[16 + index] = UInt8(truncatingIfNeeded: UInt64(count) >> (56 - 8 * index))
        }
        return Digest128(bytes: SHA256.hash(data: bytes))!
    }
}
