/// Where a reader gets its bytes from: a file, standard input, memory. Readers ask for large chunks.
public protocol ByteSource {
    /// Fills the start of `buffer` with the next bytes and returns how many; 0 means the end of the input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(RecordError) -> Int
}
