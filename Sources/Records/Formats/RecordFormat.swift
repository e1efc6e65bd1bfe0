public import Wire

/// The file formats of `tally import` and `tally export`.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// One JSON object per line; the canonical format.
    case ndjson
    /// One JSON array of objects.
    case json
    /// A header row, then one row per record.
    case csv
    /// A NIST SP 1500-100 v2 JSON `ElectionReport`, for election datasets.
    case nist
    /// A Popolo JSON document of persons and speeches, for statement datasets.
    case popolo

    /// Looks a format up by its name (`ndjson`, `json`, `csv`, `nist`, `popolo`).
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
            case .nist: try NISTReportReader(source: source, kind: kind)
            case .popolo: try PopoloReader(source: source, kind: kind)
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
        case .nist: NISTReportWriter()
        case .popolo: PopoloWriter()
        }
    }

    /// The one dataset kind the format holds (`nist`: election, `popolo`: statement), or `nil` for any kind.
    public var datasetKind: DatasetKind? {
        switch self {
        case .ndjson, .json, .csv: nil
        case .nist: .election
        case .popolo: .statement
        }
    }

    /// Refuses a dataset of `kind` the format cannot hold (a statement dataset as `nist`), in one plain sentence.
    public func check(kind: DatasetKind?) throws(RecordError) {
        guard let required = datasetKind, let kind, kind != required else { return }
        let other = RecordFormat.allCases.first { $0.datasetKind == kind }.map { " (use --format \($0.rawValue))" }
        throw RecordError(
            .typeNotInDataset,
            "--format \(rawValue) is for \(required.name) datasets, and this is \(FieldKind.article(kind.name)) "
                + "\(kind.name) dataset\(other ?? "")"
        )
    }
}
