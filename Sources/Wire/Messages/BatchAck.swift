public import NIOCore

/// `0x22 BATCH_ACK`, either direction: the receiver of a `RecordBatch` has durably committed it.
public struct BatchAck: WirePayload {
    /// The dataset.
    public var dataset: String
    /// The acknowledged batch's number.
    public var batchNumber: UInt64
    /// The sender's feed position now durably applied by the receiver (the batch's cursor).
    public var cursor: FeedCursor
    /// How many records of the batch were applied (including those that changed nothing).
    public var applied: UInt32
    /// The records not applied, and why.
    public var refusals: [Refusal]

    /// The most refusals one ack may list.
    public static let maximumRefusalCount = 1 << 20

    /// Makes an ack.
    public init(dataset: String, batchNumber: UInt64, cursor: FeedCursor, applied: UInt32, refusals: [Refusal]) {
        self.dataset = dataset
        self.batchNumber = batchNumber
        self.cursor = cursor
        self.applied = applied
        self.refusals = refusals
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeInteger(batchNumber, endianness: .big)
        cursor.write(to: &buffer)
        buffer.writeInteger(applied, endianness: .big)
        buffer.writeList(refusals)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> BatchAck {
        BatchAck(
            dataset: try buffer.readLengthPrefixedString(),
            batchNumber: try buffer.readFixed(),
            cursor: try FeedCursor.read(from: &buffer),
            applied: try buffer.readFixed(),
            refusals: try buffer.readList(limit: maximumRefusalCount)
        )
    }
}
