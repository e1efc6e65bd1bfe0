public import Wire

/// Writes CSV with a header row (`CSVColumns.columns(for:)`), one row per record, `\n` line ends.
///
/// An absent field is an empty cell; an empty string is `""`. Lists are their items joined with `|`, where a `|` or
/// `\` inside an item is escaped with `\`. Cells holding `,`, `"`, `\n` or `\r` are quoted, `"` doubled inside.
public struct CSVWriter: RecordWriter {
    private let columns: [String]
    private var wroteHeader = false

    /// A writer for records of a dataset of `kind` (every type when `nil`).
    public init(kind: DatasetKind?) {
        self.columns = CSVColumns.columns(for: kind)
    }

    /// Appends the record's row (after the header, the first time).
    public mutating func write(_ record: Record, into output: inout [UInt8]) throws(RecordError) {
        writeHeaderIfNeeded(into: &output)
        var cells = [FieldValue?](repeating: nil, count: columns.count)
        for field in record.fields where field.value != .null {
            guard let index = columns.firstIndex(of: field.name), index >= 2 else {
                throw RecordError(
                    .unknownField, "no CSV column for this field", typeName: record.type.name, id: record.id,
                    field: field.name)
            }
            cells[index] = field.value
        }
        CSVWriter.appendCell(record.type.name, to: &output)
        output.append(UInt8(ascii: ","))
        CSVWriter.appendCell(record.id, to: &output)
        for index in 2..<columns.count {
            output.append(UInt8(ascii: ","))
            if let value = cells[index] { CSVWriter.appendCell(CSVWriter.text(of: value), to: &output) }
        }
        output.append(0x0A)
    }

    /// Appends the header if no record was written.
    public mutating func finish(into output: inout [UInt8]) {
        writeHeaderIfNeeded(into: &output)
    }

    private mutating func writeHeaderIfNeeded(into output: inout [UInt8]) {
        guard !wroteHeader else { return }
        wroteHeader = true
        output.append(contentsOf: Array(columns.joined(separator: ",").utf8))
        output.append(0x0A)
    }

    /// The cell text of a value.
    static func text(of value: FieldValue) -> String {
        switch value {
        case .null: ""
        case .string(let text), .enumeration(let text): text
        case .int(let number): String(number)
        case .decimal(let decimal): decimal.text
        case .date(let date): date.text
        case .bool(let flag): flag ? "true" : "false"
        case .list(let items):
            items.map { item in
                var escaped = ""
                for character in item.unicodeScalars {
                    if character == "|" || character == "\\" { escaped.unicodeScalars.append("\\") }
                    escaped.unicodeScalars.append(character)
                }
                return escaped
            }.joined(separator: "|")
        }
    }

    /// Appends a cell, quoted when it is empty or holds a comma, quote, CR or LF.
    static func appendCell(_ text: String, to output: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes =
            utf8.isEmpty || utf8.contains { $0 == UInt8(ascii: ",") || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            output.append(contentsOf: utf8)
            return
        }
        output.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { output.append(0x22) }
            output.append(byte)
        }
        output.append(0x22)
    }
}
