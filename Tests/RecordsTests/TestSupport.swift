import Records
import Wire

/// Reads every record of an in-memory NDJSON text.
func readNDJSON(_ text: String, kind: DatasetKind? = nil) throws(RecordError) -> [Record] {
    var reader = NDJSONReader(source: MemoryByteSource(text), kind: kind)
    var records: [Record] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// The error reading `text` throws, or `nil` if it reads cleanly.
func ndjsonError(_ text: String, kind: DatasetKind? = nil) -> RecordError? {
    do {
        _ = try readNDJSON(text, kind: kind)
        return nil
    } catch {
        return error
    }
}

/// The package's root folder, from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

func decimal(_ text: String) -> FieldValue { .decimal(ExactDecimal(text)!) }
func date(_ text: String) -> FieldValue { .date(DateValue(text)!) }
