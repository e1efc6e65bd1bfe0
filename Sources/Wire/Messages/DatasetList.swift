public import NIOCore

/// `0x11 DATASET_LIST`, server to client: the datasets the client may read, the answer to `ListDatasets`.
public struct DatasetList: WirePayload {
    /// The datasets, in the order the server chose (by name in this implementation).
    public var datasets: [DatasetEntry]

    /// The most datasets one list may hold.
    public static let maximumCount = 65_536

    /// Makes a list.
    public init(datasets: [DatasetEntry]) {
        self.datasets = datasets
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeList(datasets)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> DatasetList {
        DatasetList(datasets: try buffer.readList(limit: maximumCount))
    }
}
