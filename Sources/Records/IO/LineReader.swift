#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte source into lines with bounded memory: reads 1 MiB chunks, splits on `\n`, drops a `\r` before it.
///
/// A returned line points into the reader's buffer and is valid only until the next call.
final class LineReader {
    private var source: any ByteSource
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private let maximumLineLength: Int
    private var start = 0
    private var end = 0
    private var scanned = 0
    private var reachedEnd = false
    private var isFirstChunk = true

    /// The 1-based number of the line last returned (0 before the first).
    private(set) var lineNumber = 0
    /// `true` when the line last returned ended with `\r\n` (the `\r` is not in the line).
    private(set) var lastLineHadCarriageReturn = false

    static let chunkSize = 1 << 20

    init(source: any ByteSource, maximumLineLength: Int) {
        self.source = source
        self.maximumLineLength = maximumLineLength
        self.capacity = LineReader.chunkSize
        self.storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// The next line without its terminator, or `nil` at the end of the input.
    func nextLine() throws(RecordError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if scanned < end,
                let found = memchr(storage + scanned, 0x0A, end - scanned)
            {
                let newline = storage.distance(to: found.assumingMemoryBound(to: UInt8.self))
                try checkLength(newline - start)
                return takeLine(upTo: newline, consuming: newline + 1)
            }
            scanned = end
            if reachedEnd {
                guard start < end else { return nil }
                return takeLine(upTo: end, consuming: end)
            }
            try checkLength(end - start)
            try fill()
        }
    }

    private func checkLength(_ length: Int) throws(RecordError) {
        guard length > maximumLineLength else { return }
        throw RecordError(.recordTooLong, "the line is longer than \(maximumLineLength) bytes", line: lineNumber + 1)
    }

    private func takeLine(upTo lineEnd: Int, consuming next: Int) -> UnsafeBufferPointer<UInt8> {
        var stop = lineEnd
        lastLineHadCarriageReturn = stop > start && storage[stop - 1] == 0x0D && next > lineEnd
        if lastLineHadCarriageReturn { stop -= 1 }
        let line = UnsafeBufferPointer(start: storage + start, count: stop - start)
        start = next
        scanned = next
        lineNumber += 1
        return line
    }

    /// Moves the unread bytes to the front (growing the buffer if a line fills it) and reads one more chunk.
    private func fill() throws(RecordError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(storage, storage + start, pending) }
            scanned -= start
            end = pending
            start = 0
        }
        if capacity - end < LineReader.chunkSize / 2 {
            let newCapacity = capacity * 2
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: storage, count: end)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
        if count == 0 {
            reachedEnd = true
            return
        }
        if isFirstChunk {
            isFirstChunk = false
            // A UTF-8 byte order mark is skipped.
            if count >= 3, storage[end] == 0xEF, storage[end + 1] == 0xBB, storage[end + 2] == 0xBF {
                start += 3
                scanned += 3
            }
        }
        end += count
    }
}
