public import Wire

/// Reads NDJSON, one flat object per line, streaming: memory stays bounded by the longest line, whatever the size
/// of the file.
///
/// Keys may come in any order with any JSON whitespace; blank lines are skipped; `\r\n` endings and a UTF-8 byte
/// order mark are accepted. Each record is validated against its schema (and the dataset kind, when given);
/// the first bad line stops the reader with an error naming the line, the record and the field.
public struct NDJSONReader: RecordReader {
    private let lines: LineReader
    private var decoder: JSONRecordDecoder

    /// The largest line accepted by default: 16 MiB.
    public static let defaultMaximumLineLength = 16 << 20

    /// Reads from `source`, accepting records allowed in `kind` (any type when `nil`).
    public init(
        source: any ByteSource,
        kind: DatasetKind? = nil,
        maximumLineLength: Int = NDJSONReader.defaultMaximumLineLength
    ) {
        self.lines = LineReader(source: source, maximumLineLength: maximumLineLength)
        self.decoder = JSONRecordDecoder(kind: kind)
    }

    /// Reads the file at `path`.
    public init(path: String, kind: DatasetKind? = nil) throws(RecordError) {
        self.init(source: try FileByteSource(path: path), kind: kind)
    }

    /// The 1-based line of the record last returned.
    public var lineNumber: Int { lines.lineNumber }

    /// The next record, or `nil` at the end of the input.
    public mutating func next() throws(RecordError) -> Record? {
        while let line = try lines.nextLine() {
            if line.allSatisfy(JSONScanner.isWhitespace) { continue }
            return try decoder.decodeLine(line, line: lines.lineNumber)
        }
        return nil
    }

    /// Decodes one line of NDJSON (without its newline) into a valid record.
    public static func decode(line: some StringProtocol, kind: DatasetKind? = nil) throws(RecordError) -> Record {
        var decoder = JSONRecordDecoder(kind: kind)
        var bytes = Array(line.utf8)
        return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(RecordError) -> Record in
            try decoder.decodeLine(UnsafeBufferPointer(buffer), line: nil)
        }
    }
}
