public import Wire

/// The file formats of `tally import` and `tally export`.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// One JSON object per line; the canonical format.
    case ndjson
    /// One JSON array of objects.
    case json
    /// A header row, then one row per record.
    case csv

    /// Looks a format up by its name (`ndjson`, `json`, `csv`).
    public init?(name: some StringProtocol) {
        self.init(rawValue: String(name))
    }

    /// A reader of this format over `source`, accepting records allowed in `kind` (any type when `nil`) and
    /// refusing an id that appears twice (`UniqueIDReader`). A JSON reader reads its whole source here, so it can
    /// throw.
    public func reader(source: any ByteSource, kind: DatasetKind?) throws(RecordError) -> any RecordReader {
        let base: any RecordReader =
            switch self {
            case .ndjson: NDJSONReader(source: source, kind: kind)
            case .json: try JSONArrayReader(source: source, kind: kind)
            case .csv: CSVReader(source: source, kind: kind)
            }
        return UniqueIDReader(base)
    }

    /// A reader of the file at `path`.
    public func reader(path: String, kind: DatasetKind?) throws(RecordError) -> any RecordReader {
        try reader(source: FileByteSource(path: path), kind: kind)
    }

    /// A writer of this format for records of a dataset of `kind` (every type when `nil`).
    public func writer(kind: DatasetKind?) -> any RecordWriter {
        switch self {
        case .ndjson: NDJSONWriter()
        case .json: JSONArrayWriter()
        case .csv: CSVWriter(kind: kind)
        }
    }
}
