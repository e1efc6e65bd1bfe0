public import NIOCore

/// `0x30 RECONCILE`, client to server: opens (or continues) a round of range-based set reconciliation
/// over (record id, digest) pairs.
public struct ReconcileRequest: WirePayload {
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
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ReconcileRequest {
        ReconcileRequest(
            dataset: try buffer.readLengthPrefixedString(),
            ranges: try ReconcileRange.readRanges(from: &buffer)
        )
    }
}
