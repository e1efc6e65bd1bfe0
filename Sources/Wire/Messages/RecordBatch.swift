public import NIOCore

/// `0x21 RECORD_BATCH`, either direction: record states of one dataset, streamed by a pull or sent by a push.
/// The receiver applies the batch atomically and answers with a `BatchAck`.
public struct RecordBatch: WirePayload {
    /// The dataset.
    public var dataset: String
    /// The batch's number in this session and dataset: 1 for the first, then consecutive.
    public var batchNumber: UInt64
    /// The record states, each encoded as in Protocol.md, "Record encoding".
    public var records: [RecordState]
    /// The sender's feed position that this batch, once applied, brings the receiver up to.
    public var cursor: FeedCursor
    /// `true` on the last batch of the stream (the sender has nothing more after `cursor` for now).
    public var isLast: Bool

    /// The most records one batch may hold.
    public static let maximumRecordCount = 1 << 20

    /// Makes a batch.
    public init(dataset: String, batchNumber: UInt64, records: [RecordState], cursor: FeedCursor, isLast: Bool) {
        self.dataset = dataset
        self.batchNumber = batchNumber
        self.records = records
        self.cursor = cursor
        self.isLast = isLast
    }

    /// The payload size of a batch of `dataset` holding `count` records of `recordBytes` encoded bytes in all
    /// (see `RecordState.encodedSize`): what a sender checks against `Capabilities.largestPayload`.
    public static func payloadSize(dataset: String, count: Int, recordBytes: Int) -> Int {
        WireWriter.size(ofString: dataset) + 8 + WireWriter.size(ofVarint: UInt64(count)) + recordBytes
            + FeedCursor.encodedSize + 1
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        Self.write(
            dataset: dataset, batchNumber: batchNumber, count: records.count, cursor: cursor, isLast: isLast,
            to: &buffer
        ) { buffer in
            for record in records { record.write(to: &buffer) }
        }
    }

    /// The one layout of a RECORD_BATCH payload, whichever form its records are in: `writeRecords` appends the
    /// `count` record encodings (decoded states encoding themselves, or stored encodings copied as they are).
    static func write(
        dataset: String, batchNumber: UInt64, count: Int, cursor: FeedCursor, isLast: Bool,
        to buffer: inout ByteBuffer, writeRecords: (inout ByteBuffer) -> Void
    ) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeInteger(batchNumber, endianness: .big)
        buffer.writeVarint(UInt64(count))
        writeRecords(&buffer)
        cursor.write(to: &buffer)
        buffer.writeBool(isLast)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> RecordBatch {
        let dataset = try buffer.readLengthPrefixedString()
        let batchNumber: UInt64 = try buffer.readFixed()
        let count = try buffer.readListCount(limit: maximumRecordCount)
        var records: [RecordState] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try RecordState.read(from: &buffer)) }
        return RecordBatch(
            dataset: dataset,
            batchNumber: batchNumber,
            records: records,
            cursor: try FeedCursor.read(from: &buffer),
            isLast: try buffer.readBool()
        )
    }
}
