import Wire

/// Writes an election dataset as one NIST SP 1500-100 v2 JSON `ElectionReport` (docs/formats.md has the
/// mapping): elections with their contests (one `PartyContest` per election and round) and ballot counts,
/// reporting units, parties and coalitions. Fields NIST has no place for are `tally:` extension entries, so
/// `NISTReportReader` reads back exactly the records written.
///
/// The records are kept until `finish`, which writes the whole document; the same records give the same bytes.
public struct NISTReportWriter: RecordWriter {
    private var records: [Record] = []

    /// Makes a writer.
    public init() {}

    /// Keeps the record for the report; a person or a statement is refused (a NIST report holds elections).
    public mutating func write(_ record: Record, into output: inout [UInt8]) throws(RecordError) {
        do throws(RecordError) {
            try RecordValidator.checkType(record.type, in: .election)
        } catch {
            throw RecordError(
                .typeNotInDataset,
                "a NIST report holds election records, not a \(record.type.name) (use --format popolo)",
                typeName: record.type.name, id: record.id
            )
        }
        records.append(record)
    }

    /// Appends the whole report.
    public mutating func finish(into output: inout [UInt8]) {
        output.append(contentsOf: NISTReportEncoder(records: records).report().documentBytes)
    }
}
