/// The records of a document read whole (NIST, Popolo), handed out one at a time by its reader.
///
/// A document's records have no lines of their own, so a reader counts them: `position` is the 1-based place of
/// the record last returned, which `RecordReader.lineNumber` reports with `countsLines == false`.
struct DocumentRecords {
    private let records: [Record]
    /// The 1-based position of the record last returned (0 before the first).
    private(set) var position = 0

    init(_ records: [Record]) {
        self.records = records
    }

    /// The next record, or `nil` after the last.
    mutating func next() -> Record? {
        guard position < records.count else { return nil }
        position += 1
        return records[position - 1]
    }
}
