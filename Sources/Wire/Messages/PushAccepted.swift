public import NIOCore

/// `0x24 PUSH_ACCEPTED`, server to client: go ahead with the batches of a `PushRequest`.
public struct PushAccepted: WirePayload {
    /// The dataset.
    public var dataset: String
    /// `true` when the push created the dataset on the server.
    public var created: Bool
    /// What the server durably holds of the client's feed (same epoch), so the client can skip ahead; `nil`
    /// when it holds nothing of this epoch.
    public var acknowledged: FeedCursor?

    /// Makes the answer.
    public init(dataset: String, created: Bool, acknowledged: FeedCursor?) {
        self.dataset = dataset
        self.created = created
        self.acknowledged = acknowledged
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeBool(created)
        buffer.writeOptional(acknowledged)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> PushAccepted {
        PushAccepted(
            dataset: try buffer.readLengthPrefixedString(),
            created: try buffer.readBool(),
            acknowledged: try buffer.readOptional(FeedCursor.self)
        )
    }
}
