/// Passes on the records of another reader and refuses the first id that appears a second time, naming both
/// lines: `line 7: id "t-1" already appears on line 3`.
///
/// A file is a set of records: the same id twice would make one record of two silently, so it is an error like
/// any invalid record. It remembers each id read (memory grows with the number of records, not their size).
public struct UniqueIDReader: RecordReader {
    private var base: any RecordReader
    /// The line of each id read so far.
    private var lines: [String: Int] = [:]

    /// Wraps `base`.
    public init(_ base: any RecordReader) {
        self.base = base
    }

    /// The 1-based line on which the record last returned starts.
    public var lineNumber: Int { base.lineNumber }

    /// Whether `base` counts lines or records.
    public var countsLines: Bool { base.countsLines }

    /// The next record of `base`; throws `.duplicateID` for an id already read.
    public mutating func next() throws(RecordError) -> Record? {
        guard let record = try base.next() else { return nil }
        let line = base.lineNumber
        if let first = lines.updateValue(line, forKey: record.id) {
            let id = RecordError.quoted(record.id)
            guard base.countsLines else {
                throw RecordError(.duplicateID, "record \(line): id \(id) already appears in record \(first)")
            }
            throw RecordError(.duplicateID, "id \(id) already appears on line \(first)", line: line)
        }
        return record
    }
}
