public import NIOCore

/// `0x32 RECONCILE_NEED`, either direction: the records the sender wants; the receiver answers with
/// `RecordBatch`es holding them (ids it does not have are left out).
public struct ReconcileNeed: WirePayload {
    /// The dataset.
    public var dataset: String
    /// The wanted record ids.
    public var ids: [String]

    /// The most ids one message may hold.
    public static let maximumIDCount = 1 << 20

    /// Makes the message.
    public init(dataset: String, ids: [String]) {
        self.dataset = dataset
        self.ids = ids
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeStringList(ids)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ReconcileNeed {
        ReconcileNeed(
            dataset: try buffer.readLengthPrefixedString(),
            ids: try buffer.readRecordIDList(limit: maximumIDCount)
        )
    }
}
