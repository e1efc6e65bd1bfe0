/// Writes a JSON document that is one array of record objects, one object per line:
/// `[\n{...},\n{...}\n]\n`, or `[]\n` for no records. Objects have the same bytes as canonical NDJSON lines.
public struct JSONArrayWriter: RecordWriter {
    private var count = 0

    /// Makes a writer.
    public init() {}

    /// Appends the record's object, after `[` or `,` as needed.
    public mutating func write(_ record: Record, into output: inout [UInt8]) throws(RecordError) {
        output.append(contentsOf: count == 0 ? [UInt8(ascii: "["), 0x0A] : [UInt8(ascii: ","), 0x0A])
        JSONText.appendObject(record, to: &output)
        count += 1
    }

    /// Appends the closing `]` (or the whole `[]` when nothing was written) and a newline.
    public mutating func finish(into output: inout [UInt8]) {
        output.append(contentsOf: count == 0 ? Array("[]\n".utf8) : Array("\n]\n".utf8))
    }
}
