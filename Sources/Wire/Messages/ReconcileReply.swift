public import NIOCore

/// `0x31 RECONCILE_REPLY`, server to client: the answer to a `ReconcileRequest`: ranges settled,
/// split into smaller fingerprinted ranges, or listed id by id.
public struct ReconcileReply: WirePayload {
    /// The dataset.
    public var dataset: String
    /// The ranges, ascending, each starting where the previous ended; a complete message ends with bound `""`.
    public var ranges: [ReconcileRange]

    /// Makes the message.
    public init(dataset: String, ranges: [ReconcileRange]) {
        self.dataset = dataset
        self.ranges = ranges
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeList(ranges)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ReconcileReply {
        ReconcileReply(
            dataset: try buffer.readLengthPrefixedString(),
            ranges: try ReconcileRange.readRanges(from: &buffer)
        )
    }
}
