public import NIOCore

/// `0x20 PULL`, client to server: stream the changes of one dataset after a cursor as `RecordBatch`es.
public struct PullRequest: WirePayload {
    /// The dataset to pull.
    public var dataset: String
    /// The server feed position the client already has, or `nil` for everything.
    public var cursor: FeedCursor?
    /// The most records the client wants in one batch (the server may send fewer; 0 lets the server choose).
    public var batchSize: UInt32

    /// Makes a pull request.
    public init(dataset: String, cursor: FeedCursor?, batchSize: UInt32) {
        self.dataset = dataset
        self.cursor = cursor
        self.batchSize = batchSize
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeOptional(cursor)
        buffer.writeInteger(batchSize, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> PullRequest {
        PullRequest(
            dataset: try buffer.readLengthPrefixedString(),
            cursor: try buffer.readOptional(FeedCursor.self),
            batchSize: try buffer.readFixed()
        )
    }
}
