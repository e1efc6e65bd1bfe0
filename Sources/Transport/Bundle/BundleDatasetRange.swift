public import NIOCore
public import Wire

/// One dataset in a bundle header: which part of the creator's change feed the bundle carries.
///
/// The bundle holds every change of the creator's feed with a sequence in `after < s <= through` (in `epoch`),
/// except those the bundle's target is known to hold already.
public struct BundleDatasetRange: Hashable, Sendable {
    /// The dataset's name.
    public var name: String
    /// What it holds; a replica that lacks the dataset creates it with this kind.
    public var kind: DatasetKind
    /// The epoch of the creator's change feed.
    public var epoch: UInt64
    /// The range starts after this sequence (0: from the beginning).
    public var after: UInt64
    /// The range ends at this sequence, inclusive: the creator's feed position when the bundle was made.
    public var through: UInt64
    /// The creator's position in the target's feed of this dataset, when the bundle has a target and the creator
    /// has pulled from it: an acknowledgement the target records as what the creator holds.
    public var heldOfTarget: FeedCursor?

    /// Makes a range.
    public init(
        name: String, kind: DatasetKind, epoch: UInt64, after: UInt64, through: UInt64, heldOfTarget: FeedCursor? = nil
    ) {
        self.name = name
        self.kind = kind
        self.epoch = epoch
        self.after = after
        self.through = through
        self.heldOfTarget = heldOfTarget
    }

    /// Appends the encoding of Protocol.md, "Bundles".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(name)
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(epoch, endianness: .big)
        buffer.writeInteger(after, endianness: .big)
        buffer.writeInteger(through, endianness: .big)
        if let heldOfTarget {
            buffer.writeInteger(UInt8(1))
            heldOfTarget.write(to: &buffer)
        } else {
            buffer.writeInteger(UInt8(0))
        }
    }

    /// Reads one range; throws `WireError` for bytes that are not one.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> BundleDatasetRange {
        let name = try buffer.readLengthPrefixedString()
        let kindByte: UInt8 = try buffer.readFixed()
        guard let kind = DatasetKind(rawValue: kindByte) else {
            throw WireError(.invalidValue, "unknown dataset kind \(kindByte) for \(name)")
        }
        let epoch: UInt64 = try buffer.readFixed()
        let after: UInt64 = try buffer.readFixed()
        let through: UInt64 = try buffer.readFixed()
        guard after <= through else {
            throw WireError(.invalidValue, "dataset \(name): range starts after \(after) but ends at \(through)")
        }
        let flag: UInt8 = try buffer.readFixed()
        let held: FeedCursor?
        switch flag {
        case 0: held = nil
        case 1: held = try FeedCursor.read(from: &buffer)
        default: throw WireError(.invalidValue, "dataset \(name): bad presence byte \(flag)")
        }
        return BundleDatasetRange(
            name: name, kind: kind, epoch: epoch, after: after, through: through, heldOfTarget: held
        )
    }
}
