public import NIOCore

/// `0x26 PROGRESS`, sender of a stream to its receiver: how far the transfer of a dataset has come.
public struct Progress: WirePayload {
    /// The dataset.
    public var dataset: String
    /// Records sent so far in this stream.
    public var done: UInt64
    /// Records the stream will send in all, or 0 when unknown.
    public var total: UInt64

    /// Makes a progress report.
    public init(dataset: String, done: UInt64, total: UInt64) {
        self.dataset = dataset
        self.done = done
        self.total = total
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeInteger(done, endianness: .big)
        buffer.writeInteger(total, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Progress {
        Progress(
            dataset: try buffer.readLengthPrefixedString(),
            done: try buffer.readFixed(),
            total: try buffer.readFixed()
        )
    }
}
