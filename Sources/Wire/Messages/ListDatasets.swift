public import NIOCore

/// `0x10 LIST_DATASETS`, client to server: asks for a `DatasetList`. No fields (an empty payload).
public struct ListDatasets: WirePayload {
    /// Makes the request.
    public init() {}

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {}

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ListDatasets {
        ListDatasets()
    }
}
