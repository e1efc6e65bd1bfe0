public import NIOCore

/// One entry of a `DatasetList`: a dataset the server holds and where its change feed stands.
public struct DatasetEntry: WirePayload {
    /// The dataset name.
    public var name: String
    /// What the dataset holds.
    public var kind: DatasetKind
    /// The epoch of the server's change feed for this dataset.
    public var epoch: UInt64
    /// The last sequence number in that feed.
    public var sequence: UInt64
    /// How many live records the dataset holds.
    public var recordCount: UInt64

    /// Makes an entry.
    public init(name: String, kind: DatasetKind, epoch: UInt64, sequence: UInt64, recordCount: UInt64) {
        self.name = name
        self.kind = kind
        self.epoch = epoch
        self.sequence = sequence
        self.recordCount = recordCount
    }

    /// The feed position as a cursor.
    public var cursor: FeedCursor { FeedCursor(epoch: epoch, sequence: sequence) }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(name)
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(epoch, endianness: .big)
        buffer.writeInteger(sequence, endianness: .big)
        buffer.writeInteger(recordCount, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> DatasetEntry {
        DatasetEntry(
            name: try buffer.readLengthPrefixedString(),
            kind: try buffer.readDatasetKind(),
            epoch: try buffer.readFixed(),
            sequence: try buffer.readFixed(),
            recordCount: try buffer.readFixed()
        )
    }
}
