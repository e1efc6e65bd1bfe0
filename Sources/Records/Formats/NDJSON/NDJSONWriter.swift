/// Writes canonical NDJSON: one object per line, `"type"` and `"id"` first, then the fields in the record's order
/// (schema order for validated records), absent fields left out, no spaces, minimal string escapes, ints as digits,
/// decimals as JSON numbers with their exact text, dates as strings, lists as arrays of strings.
public struct NDJSONWriter: RecordWriter {
    /// Makes a writer.
    public init() {}

    /// Appends the record's line, with its `\n`.
    public mutating func write(_ record: Record, into output: inout [UInt8]) throws(RecordError) {
        NDJSONWriter.append(record, to: &output)
    }

    /// NDJSON needs no closing bytes.
    public mutating func finish(into output: inout [UInt8]) {}

    /// Appends the record's line, with its `\n`.
    public static func append(_ record: Record, to output: inout [UInt8]) {
        JSONText.appendObject(record, to: &output)
        output.append(0x0A)
    }

    /// The record's line, with its `\n`.
    public static func line(for record: Record) -> String {
        var output: [UInt8] = []
        append(record, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// All records, one line each.
    public static func encode(_ records: some Sequence<Record>) -> [UInt8] {
        var output: [UInt8] = []
        for record in records { append(record, to: &output) }
        return output
    }
}
