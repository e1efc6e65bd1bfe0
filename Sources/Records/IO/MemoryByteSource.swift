/// Bytes held in memory, read as a source.
public struct MemoryByteSource: ByteSource, Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    /// Reads `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads the UTF-8 of `text`.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// Copies the next bytes into `buffer`.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(RecordError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}
