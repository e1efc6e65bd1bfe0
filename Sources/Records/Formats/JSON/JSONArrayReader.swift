public import Wire

/// Reads a JSON document that is one array of flat record objects: `[{...},{...}]`.
///
/// The whole document is read into memory first (use NDJSON or CSV for files too large for that). Errors name the
/// line on which the bad object starts. Values follow the same rules as NDJSON.
public struct JSONArrayReader: RecordReader {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineCountedTo = 0
    private var started = false
    private var finished = false
    private var decoder: JSONRecordDecoder

    /// Reads every byte of `source`, accepting records allowed in `kind` (any type when `nil`).
    public init(source: any ByteSource, kind: DatasetKind? = nil) throws(RecordError) {
        var source = source
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: LineReader.chunkSize)
        while true {
            let result = chunk.withUnsafeMutableBytes { buffer -> Result<Int, RecordError> in
                do throws(RecordError) {
                    return .success(try source.read(into: buffer))
                } catch {
                    return .failure(error)
                }
            }
            let count = try result.get()
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
        self.decoder = JSONRecordDecoder(kind: kind)
    }

    /// Reads the file at `path`.
    public init(path: String, kind: DatasetKind? = nil) throws(RecordError) {
        try self.init(source: FileByteSource(path: path), kind: kind)
    }

    /// The 1-based line on which the record last returned starts.
    public var lineNumber: Int { line }

    /// The next record, or `nil` after the closing `]`.
    public mutating func next() throws(RecordError) -> Record? {
        guard !finished else { return nil }
        let start = position
        let bytes = self.bytes
        let outcome = bytes.withUnsafeBufferPointer { (buffer) -> Result<(Record?, Int), RecordError> in
            var scanner = JSONScanner(buffer, position: start)
            do throws(RecordError) {
                return .success(try step(&scanner))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let (record, end)):
            position = end
            if record == nil { finished = true }
            return record
        case .failure(let error):
            finished = true
            throw error
        }
    }

    /// Reads up to and including the next object (or the closing `]` and the end of the document).
    private mutating func step(_ scanner: inout JSONScanner) throws(RecordError) -> (Record?, Int) {
        scanner.skipWhitespace()
        if !started {
            guard scanner.position < scanner.bytes.count, scanner.bytes[scanner.position] == UInt8(ascii: "[") else {
                throw scanner.failure("a JSON document of records starts with '[', found \(scanner.found)")
                    .recordError(line: countLines(to: scanner.position, in: scanner.bytes))
            }
            scanner.position += 1
            scanner.skipWhitespace()
            started = true
            if scanner.position < scanner.bytes.count, scanner.bytes[scanner.position] == UInt8(ascii: "]") {
                return (nil, try end(&scanner))
            }
        } else {
            guard scanner.position < scanner.bytes.count else {
                throw scanner.failure("the array is not closed")
                    .recordError(line: countLines(to: scanner.position, in: scanner.bytes))
            }
            switch scanner.bytes[scanner.position] {
            case UInt8(ascii: "]"):
                return (nil, try end(&scanner))
            case UInt8(ascii: ","):
                scanner.position += 1
                scanner.skipWhitespace()
            default:
                throw scanner.failure("expected ',' or ']' after a record, found \(scanner.found)")
                    .recordError(line: countLines(to: scanner.position, in: scanner.bytes))
            }
        }
        let objectLine = countLines(to: scanner.position, in: scanner.bytes)
        let record = try decoder.decodeObject(&scanner, line: objectLine)
        return (record, scanner.position)
    }

    private mutating func end(_ scanner: inout JSONScanner) throws(RecordError) -> Int {
        scanner.position += 1
        guard scanner.isAtEnd else {
            scanner.skipWhitespace()
            throw scanner.failure("unexpected \(scanner.found) after the closing ']'")
                .recordError(line: countLines(to: scanner.position, in: scanner.bytes))
        }
        return scanner.bytes.count
    }

    /// The 1-based line of byte `offset`, counting on from the last call.
    private mutating func countLines(to offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        if offset < lineCountedTo {
            line = 1
            lineCountedTo = 0
        }
        for index in lineCountedTo..<offset where buffer[index] == 0x0A { line += 1 }
        lineCountedTo = offset
        return line
    }
}
