public import NIOCore

/// `0x21 RECORD_BATCH` as a sender builds it from a store: its records in their stored, canonical encoding, put
/// into the payload as they are. On the wire it is exactly a `RecordBatch` holding those records (a receiver
/// decodes it as one); only the sending side differs, by never decoding and re-encoding the records.
public struct EncodedRecordBatch: Hashable, Sendable {
    /// The dataset.
    public var dataset: String
    /// The batch's number in this session and dataset: 1 for the first, then consecutive.
    public var batchNumber: UInt64
    /// The records, encoded.
    public var records: EncodedRecords
    /// The sender's feed position that this batch, once applied, brings the receiver up to.
    public var cursor: FeedCursor
    /// `true` on the last batch of the stream.
    public var isLast: Bool

    /// Makes a batch.
    public init(dataset: String, batchNumber: UInt64, records: EncodedRecords, cursor: FeedCursor, isLast: Bool) {
        self.dataset = dataset
        self.batchNumber = batchNumber
        self.records = records
        self.cursor = cursor
        self.isLast = isLast
    }

    /// The payload's size (what a sender checks against `Capabilities.largestPayload`).
    public var payloadSize: Int {
        RecordBatch.payloadSize(dataset: dataset, count: records.count, recordBytes: records.byteCount)
    }

    /// Appends the encoding of Protocol.md, "Messages": that of a `RecordBatch` of the same records.
    public func write(to buffer: inout ByteBuffer) {
        RecordBatch.write(
            dataset: dataset, batchNumber: batchNumber, count: records.count, cursor: cursor, isLast: isLast,
            to: &buffer
        ) { buffer in
            buffer.writeImmutableBuffer(records.bytes)
        }
    }
}
