public import Wire

/// Reads a NIST SP 1500-100 v2 JSON `ElectionReport` into election records (docs/formats.md has the mapping).
///
/// A report is one JSON document, so it is read whole, up to `maximumSize` bytes, and checked whole before the
/// first record is returned: an import of a bad report writes nothing. Errors name the place in the document,
/// such as `NIST report: Election[0].Contest[1].ContestSelection[2].VoteCounts[0].Count: expected a whole
/// number, got a string`.
public struct NISTReportReader: RecordReader {
    private var records: DocumentRecords

    /// Reads the report in `source` for a dataset of `kind` (a statement dataset is refused).
    public init(
        source: any ByteSource,
        kind: DatasetKind? = nil,
        maximumSize: Int = NISTReportReader.defaultMaximumSize
    ) throws(RecordError) {
        try RecordFormat.nist.check(kind: kind)
        let root = try StandardDocument.load(source: source, name: "NIST report", maximumSize: maximumSize)
        records = DocumentRecords(try NISTReportDecoder(root: root).records())
    }

    /// The largest report read by default: 64 MiB.
    public static let defaultMaximumSize = StandardDocument.defaultMaximumSize

    /// The 1-based position of the record last returned among the document's records.
    public var lineNumber: Int { records.position }

    /// A document's records are counted, not its lines.
    public var countsLines: Bool { false }

    /// The next record, or `nil` after the last.
    public mutating func next() throws(RecordError) -> Record? { records.next() }
}
