public import NIOCore

/// One range of record ids in a reconcile round: from where the previous range ended (or the start of the id
/// space) up to `upperBound`, exclusive, with what the sender says about it.
public struct ReconcileRange: WirePayload {
    /// What a range says.
    public enum Mode: Hashable, Sendable {
        /// Nothing: the sender considers this range settled.
        case skip
        /// The fingerprint of the sender's (id, digest) pairs in the range.
        case fingerprint(Digest128)
        /// Every (id, digest) pair the sender has in the range, ids strictly ascending.
        case idList([ReconcileItem])

        /// The mode's tag byte.
        public var tag: UInt8 {
            switch self {
            case .skip: 0
            case .fingerprint: 1
            case .idList: 2
            }
        }
    }

    /// The exclusive upper bound: a record id, or `""` for the end of the id space.
    public var upperBound: String
    /// What the sender says about the range.
    public var mode: Mode

    /// The most items one id list may hold.
    public static let maximumItemCount = 1 << 20

    /// Makes a range.
    public init(upperBound: String, mode: Mode) {
        self.upperBound = upperBound
        self.mode = mode
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(upperBound)
        buffer.writeInteger(mode.tag)
        switch mode {
        case .skip:
            break
        case .fingerprint(let digest):
            digest.write(to: &buffer)
        case .idList(let items):
            buffer.writeList(items)
        }
    }

    /// Reads a range; the id list must be strictly ascending and below `upperBound`.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ReconcileRange {
        let upperBound = try buffer.readLengthPrefixedString()
        guard upperBound.isEmpty || RecordID.isValid(upperBound) else {
            throw WireError(.invalidValue, "range bound \"\(upperBound)\" is not a record id")
        }
        let tag: UInt8 = try buffer.readFixed()
        switch tag {
        case 0:
            return ReconcileRange(upperBound: upperBound, mode: .skip)
        case 1:
            return ReconcileRange(upperBound: upperBound, mode: .fingerprint(try Digest128.read(from: &buffer)))
        case 2:
            let items = try buffer.readList(of: ReconcileItem.self, limit: maximumItemCount)
            for (previous, next) in zip(items, items.dropFirst())
            where !previous.id.utf8.lexicographicallyPrecedes(next.id.utf8) {
                throw WireError(.malformedPayload, "reconcile id list not strictly ascending at \"\(next.id)\"")
            }
            if let last = items.last, !upperBound.isEmpty, !last.id.utf8.lexicographicallyPrecedes(upperBound.utf8) {
                throw WireError(.malformedPayload, "reconcile id \"\(last.id)\" not below its range bound")
            }
            return ReconcileRange(upperBound: upperBound, mode: .idList(items))
        default:
            throw WireError(.malformedPayload, "unknown reconcile range mode \(tag)")
        }
    }

    /// The most ranges one message may hold.
    public static let maximumRangeCount = 65_536

    /// Reads a message's list of ranges: upper bounds strictly ascending, `""` (the end) only last, and the ids
    /// of each id list at or above the previous range's bound (where the range starts).
    public static func readRanges(from buffer: inout ByteBuffer) throws(WireError) -> [ReconcileRange] {
        let ranges = try buffer.readList(of: ReconcileRange.self, limit: maximumRangeCount)
        for (previous, next) in zip(ranges, ranges.dropFirst()) {
            guard !previous.upperBound.isEmpty,
                next.upperBound.isEmpty || previous.upperBound.utf8.lexicographicallyPrecedes(next.upperBound.utf8)
            else { throw WireError(.malformedPayload, "reconcile ranges not in ascending order") }
            if case .idList(let items) = next.mode, let first = items.first,
                first.id.utf8.lexicographicallyPrecedes(previous.upperBound.utf8)
            {
                throw WireError(.malformedPayload, "reconcile id \"\(first.id)\" below the start of its range")
            }
        }
        return ranges
    }
}
