/// A writer of records in a file format, appending bytes to a buffer the caller flushes where it likes.
///
/// Call `write` for each record, then `finish` once (even for no records). Output is deterministic: the same
/// records in the same order give the same bytes.
public protocol RecordWriter {
    /// Appends `record` (assumed valid, fields in canonical order) to `output`.
    mutating func write(_ record: Record, into output: inout [UInt8]) throws(RecordError)
    /// Appends whatever closes the document (nothing for NDJSON).
    mutating func finish(into output: inout [UInt8])
}
