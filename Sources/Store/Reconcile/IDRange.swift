/// A half-open range of record ids, `[lower, upper)`, in byte order. `lower == ""` is the start of the id space,
/// `upper == ""` its end.
public struct IDRange: Hashable, Sendable, CustomStringConvertible {
    /// The lowest id in the range (inclusive), or `""` for the start of the id space.
    public var lower: String
    /// The first id above the range (exclusive), or `""` for the end of the id space.
    public var upper: String

    /// The whole id space.
    public static let all = IDRange(lower: "", upper: "")

    /// Makes a range.
    public init(lower: String, upper: String) {
        self.lower = lower
        self.upper = upper
    }

    /// `true` when `id` lies in the range.
    public func contains(_ id: String) -> Bool {
        !IDRange.precedes(id, lower) && (upper.isEmpty || IDRange.precedes(id, upper))
    }

    /// `[lower, upper)`, with `start` and `end` for the open bounds.
    public var description: String { "[\(lower.isEmpty ? "start" : lower), \(upper.isEmpty ? "end" : upper))" }

    /// Byte-order comparison of two ids (ids are ASCII, so this is also `String` order).
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// The shortest prefix of `next` that is above `previous` (`previous < next`): a compact range bound that
    /// puts `previous` below it and `next` at or above it.
    public static func compactBound(after previous: String, upTo next: String) -> String {
        var length = 0
        for (a, b) in zip(previous.utf8, next.utf8) {
            if a != b { break }
            length += 1
        }
        return String(decoding: next.utf8.prefix(length + 1), as: UTF8.self)
    }
}
