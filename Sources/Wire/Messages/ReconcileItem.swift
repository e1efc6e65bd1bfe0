public import NIOCore

/// One record in an id-list reconcile range: its id and the digest of its state.
public struct ReconcileItem: WirePayload {
    /// The record id.
    public var id: String
    /// The digest of the record's encoded state.
    public var digest: Digest128

    /// Makes an item.
    public init(id: String, digest: Digest128) {
        self.id = id
        self.digest = digest
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(id)
        digest.write(to: &buffer)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ReconcileItem {
        ReconcileItem(id: try buffer.readRecordID(), digest: try Digest128.read(from: &buffer))
    }
}
