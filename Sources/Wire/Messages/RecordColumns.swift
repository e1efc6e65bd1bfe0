public import NIOCore

/// `0x27 RECORD_COLUMNS` (catalogue version 3 on, Protocol.md §10.19): a `RECORD_BATCH` whose records are laid
/// out by column so that zlib finds what repeats. Each record's vector clocks are written below its highest clock
/// and each write's clock from the write before it (most are 0), its vector's sites as positions in one table per
/// batch, field names as positions in one sorted table, ids as what they add to the previous id, and the values
/// of each field of all records together.
///
/// It is a transform of the `RECORD_BATCH` bytes, exact both ways: the reader rebuilds the `RECORD_BATCH` form and
/// reads it with `RecordBatch.read(from:)`, so a record passes the same checks whichever form it came in, and this
/// layout adds only the checks that make it canonical (one encoding per batch).
public enum RecordColumns {
    /// The most entries of the batch's site table.
    public static let maximumSites = 1 << 20
    /// The most entries of the batch's field-name table.
    public static let maximumNames = 1 << 16

    /// The payload of `message` in this layout when it is a record batch and the layout is the smaller, else
    /// `nil` (a sender then sends the message as it is; Protocol.md §10.19).
    public static func payload(of message: WireMessage) throws(WireError) -> ByteBuffer? {
        switch message {
        case .recordBatch(let batch):
            return try payload(
                of: EncodedRecordBatch(
                    dataset: batch.dataset, batchNumber: batch.batchNumber, records: EncodedRecords(batch.records),
                    cursor: batch.cursor, isLast: batch.isLast))
        case .encodedRecordBatch(let batch):
            return try payload(of: batch)
        default:
            return nil
        }
    }

    /// The payload of `batch` in this layout, or `nil` when it would not be smaller than its `RECORD_BATCH`
    /// payload (a sender then sends that; Protocol.md §10.19).
    public static func payload(of batch: EncodedRecordBatch) throws(WireError) -> ByteBuffer? {
        var buffer = ByteBuffer()
        try write(batch, to: &buffer)
        return buffer.readableBytes < batch.payloadSize ? buffer : nil
    }

    /// Appends the payload of `batch` in this layout. Throws when the records are not canonical encodings.
    public static func write(_ batch: EncodedRecordBatch, to buffer: inout ByteBuffer) throws(WireError) {
        let records = batch.records
        let parsed: Result<RecordColumnsEncoder, WireError> = records.bytes.withUnsafeReadableBytes { raw in
            do throws(WireError) {
                return .success(try RecordColumnsEncoder(raw, count: records.count))
            } catch {
                return .failure(error)
            }
        }
        let table = try parsed.get()
        records.bytes.withUnsafeReadableBytes { raw in
            table.write(from: raw, batch: batch, to: &buffer)
        }
    }

    /// Reads a payload of this layout as the batch it stands for; strict (see `WirePayload`). `expandedLimit` is
    /// the largest `RECORD_BATCH` form accepted: the receiver's `maxDecompressedSize`, which a sender's batch
    /// keeps to in either form.
    public static func read(
        from buffer: inout ByteBuffer, expandedLimit: Int = Int(Capabilities.defaults.maxDecompressedSize)
    ) throws(WireError) -> RecordBatch {
        let result: Result<(ByteBuffer, Int), WireError> = buffer.withUnsafeReadableBytes { raw in
            var reader = WireReader(raw)
            do throws(WireError) {
                let expanded = try RecordColumnsDecoder.expand(&reader, limit: expandedLimit)
                return .success((expanded, reader.offset))
            } catch {
                return .failure(error)
            }
        }
        let (expanded, consumed) = try result.get()
        buffer.moveReaderIndex(forwardBy: consumed)
        var form = expanded
        let batch = try RecordBatch.read(from: &form)
        guard form.readableBytes == 0 else {
            throw WireError(.malformedPayload, "RECORD_COLUMNS records end before their count")
        }
        return batch
    }
}
