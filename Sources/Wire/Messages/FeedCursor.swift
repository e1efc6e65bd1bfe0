public import NIOCore

/// A position in one replica's change feed of one dataset: the feed's epoch and a sequence number in it.
///
/// The epoch is random and new whenever a store is reset or restored; a cursor of another epoch is stale.
/// Encoded as 8 bytes of epoch then 8 bytes of sequence, big-endian.
public struct FeedCursor: WirePayload, Comparable, CustomStringConvertible {
    /// The feed's epoch.
    public var epoch: UInt64
    /// The last sequence number covered (changes after it are not).
    public var sequence: UInt64

    /// Makes a cursor.
    public init(epoch: UInt64, sequence: UInt64) {
        self.epoch = epoch
        self.sequence = sequence
    }

    /// Bytes of the encoding: epoch and sequence.
    public static let encodedSize = 16

    /// `EPOCH:SEQUENCE`.
    public var description: String { "\(epoch):\(sequence)" }

    /// Orders by epoch, then sequence. Only cursors of the same epoch compare meaningfully.
    public static func < (lhs: FeedCursor, rhs: FeedCursor) -> Bool {
        (lhs.epoch, lhs.sequence) < (rhs.epoch, rhs.sequence)
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(epoch, endianness: .big)
        buffer.writeInteger(sequence, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> FeedCursor {
        FeedCursor(epoch: try buffer.readFixed(), sequence: try buffer.readFixed())
    }
}
