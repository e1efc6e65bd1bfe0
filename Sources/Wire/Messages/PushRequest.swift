public import NIOCore

/// `0x23 PUSH`, client to server: the client is about to send changes of one dataset as `RecordBatch`es.
/// The server answers `PushAccepted` (or `ErrorMessage`).
public struct PushRequest: WirePayload {
    /// The dataset.
    public var dataset: String
    /// Its kind, used to create the dataset on the server on a first push.
    public var kind: DatasetKind
    /// The epoch of the client's change feed for this dataset (a stored cursor of another epoch is stale).
    public var senderEpoch: UInt64
    /// The client feed position the server acknowledged last, as the client remembers it, or `nil`.
    public var cursor: FeedCursor?

    /// Makes a push request.
    public init(dataset: String, kind: DatasetKind, senderEpoch: UInt64, cursor: FeedCursor?) {
        self.dataset = dataset
        self.kind = kind
        self.senderEpoch = senderEpoch
        self.cursor = cursor
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(senderEpoch, endianness: .big)
        buffer.writeOptional(cursor)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> PushRequest {
        PushRequest(
            dataset: try buffer.readLengthPrefixedString(),
            kind: try buffer.readDatasetKind(),
            senderEpoch: try buffer.readFixed(),
            cursor: try buffer.readOptional(FeedCursor.self)
        )
    }
}
