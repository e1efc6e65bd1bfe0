public import Records
import Wire

/// Reading an input the way `tally import` does.
public enum FuzzRecords {
    /// Reads every record of `bytes` in `format` (through `RecordFormat.reader`, duplicate-id check included)
    /// until the end or the first error. The dataset kind the reader checks against (none, election, statement;
    /// for `nist` and `popolo` none or the one kind they hold, as the other is refused before reading) follows
    /// from the input's length, so each input is read once and every kind is reached.
    public static func readAll(_ bytes: [UInt8], as format: RecordFormat) {
        let kinds: [DatasetKind?] = [nil] + (format.datasetKind.map { [$0] } ?? DatasetKind.allCases.map { $0 })
        do {
            var reader = try format.reader(source: MemoryByteSource(bytes), kind: kinds[bytes.count % kinds.count])
            while try reader.next() != nil {
                precondition(reader.lineNumber >= 1, "\(format.rawValue): a record on line \(reader.lineNumber)")
            }
        } catch {
            return
        }
    }
}
