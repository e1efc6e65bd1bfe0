public import NIOCore

/// Record states kept in their encoding (Protocol.md, "Record encoding"), one after another: what a store holds
/// and what a RECORD_BATCH carries, so a batch read from a store goes onto the wire without being decoded and
/// encoded again.
///
/// Only canonical encodings belong here: those a store wrote after validating them, or `init(_:)`'s. Bytes from
/// a peer are decoded (`RecordBatch.read(from:)` checks every record), never wrapped.
public struct EncodedRecords: Hashable, Sendable {
    /// How many records the bytes hold.
    public private(set) var count: Int
    /// The encodings, back to back.
    public private(set) var bytes: ByteBuffer

    /// No records.
    public init() {
        count = 0
        bytes = ByteBuffer()
    }

    /// The encodings of `records`.
    public init(_ records: some Sequence<RecordState>) {
        self.init()
        for record in records {
            record.write(to: &bytes)
            count += 1
        }
    }

    /// Appends one record's canonical encoding (a stored state's bytes, as its store wrote them).
    public mutating func append(canonical encoding: UnsafeRawBufferPointer) {
        bytes.writeBytes(encoding)
        count += 1
    }

    /// Reserves room for `byteCount` bytes of encodings.
    public mutating func reserveCapacity(_ byteCount: Int) {
        bytes.reserveCapacity(byteCount)
    }

    /// `true` when there are no records.
    public var isEmpty: Bool { count == 0 }

    /// The size of the encodings together (what they add to a RECORD_BATCH payload).
    public var byteCount: Int { bytes.readableBytes }

    /// The records, decoded (strictly, as a peer's would be).
    public func decoded() throws(WireError) -> [RecordState] {
        var buffer = bytes
        var records: [RecordState] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try RecordState.read(from: &buffer)) }
        guard buffer.readableBytes == 0 else {
            throw WireError(.malformedPayload, "\(buffer.readableBytes) bytes after the last of \(count) records")
        }
        return records
    }

    /// The first record, decoded, or `nil` when there is none (to name it in an error).
    public func first() throws(WireError) -> RecordState? {
        guard count > 0 else { return nil }
        var buffer = bytes
        return try RecordState.read(from: &buffer)
    }
}
