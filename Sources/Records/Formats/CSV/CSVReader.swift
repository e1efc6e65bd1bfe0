public import Wire

/// Reads the CSV that `CSVWriter` writes, streaming row by row with bounded memory.
///
/// The header row names the columns: `type`, `id` and field names in any order; one file may hold several types.
/// An unquoted empty cell means the field is absent; `""` is an empty string. A field's cell must be empty in rows
/// of types that do not have it. Quoted cells may span lines. Errors name the line on which the row starts.
public struct CSVReader: RecordReader {
    private let lines: LineReader
    private let kind: DatasetKind?
    private let maximumRowLength: Int
    private var columns: [String]?
    private var typeColumn = 0
    private var idColumn = 0
    private var bytes: [UInt8] = []
    private var cells: [Cell] = []
    /// For each type, each column's position in the type's schema, or -1.
    private var columnPositions: [[Int8]] = []
    /// Values by schema position while a row is assembled.
    private var slots: [FieldValue] = Array(repeating: .null, count: 64)

    private struct Cell {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    /// Reads from `source`, accepting records allowed in `kind` (any type when `nil`).
    public init(source: any ByteSource, kind: DatasetKind? = nil, maximumRowLength: Int = 16 << 20) {
        self.lines = LineReader(source: source, maximumLineLength: maximumRowLength)
        self.kind = kind
        self.maximumRowLength = maximumRowLength
    }

    /// Reads the file at `path`.
    public init(path: String, kind: DatasetKind? = nil) throws(RecordError) {
        self.init(source: try FileByteSource(path: path), kind: kind)
    }

    /// The 1-based line on which the row of the record last returned starts (0 before the first).
    public private(set) var lineNumber = 0

    /// The next record, or `nil` at the end of the input.
    public mutating func next() throws(RecordError) -> Record? {
        if columns == nil {
            guard let headerLine = try readRow() else {
                throw RecordError(.malformedCSV, "the file is empty; it needs a header row", line: 1)
            }
            try readHeader(line: headerLine)
        }
        guard let line = try readRow() else { return nil }
        lineNumber = line
        return try record(line: line)
    }

    private mutating func readHeader(line: Int) throws(RecordError) {
        var names: [String] = []
        for index in cells.indices {
            let name = try text(of: cells[index], line: line)
            guard !names.contains(name) else {
                throw RecordError(.malformedCSV, "column \(RecordError.quoted(name)) appears twice", line: line)
            }
            let known =
                name == "type" || name == "id"
                || RecordType.allCases.contains { type in
                    (kind == nil || type.datasetKind == kind) && RecordSchema.for(type).index(of: name) != nil
                }
            guard known else {
                throw RecordError(.unknownField, "no record type here has such a column", field: name, line: line)
            }
            names.append(name)
        }
        guard let typeColumn = names.firstIndex(of: "type"), let idColumn = names.firstIndex(of: "id") else {
            throw RecordError(.malformedCSV, "the header needs a type column and an id column", line: line)
        }
        self.typeColumn = typeColumn
        self.idColumn = idColumn
        self.columns = names
        self.columnPositions = RecordType.allCases.map { type in
            let schema = RecordSchema.for(type)
            return names.map { Int8(schema.index(of: $0) ?? -1) }
        }
    }

    private mutating func record(line: Int) throws(RecordError) -> Record {
        guard let columns else { preconditionFailure("header read first") }
        guard cells.count == columns.count else {
            throw RecordError(
                .malformedCSV, "the row has \(cells.count) cells, the header \(columns.count)", line: line)
        }
        let typeName = try text(of: cells[typeColumn], line: line)
        let id = try text(of: cells[idColumn], line: line)
        guard let type = JSONRecordDecoder.recordType(named: typeName) else {
            throw RecordError(
                .unknownType, "\(RecordError.quoted(typeName)) is not a record type", id: id, line: line)
        }
        let schema = RecordSchema.for(type)
        let positions = columnPositions[Int(type.rawValue) - 1]
        var filled: UInt64 = 0
        do throws(RecordError) {
            try RecordValidator.checkType(type, in: kind)
            try RecordValidator.checkID(id)
            for index in cells.indices where index != typeColumn && index != idColumn {
                let cell = cells[index]
                if cell.start == cell.end && !cell.quoted { continue }
                let position = Int(positions[index])
                guard position >= 0 else {
                    throw RecordError(.unknownField, "a \(type.name) has no such field", field: columns[index])
                }
                let spec = schema.fields[position]
                let text = try self.text(of: cell, line: line)
                do throws(RecordError) {
                    let value: FieldValue
                    if spec.kind.isList {
                        value = .list(CSVReader.splitList(text))
                        if let problem = spec.kind.problem(with: value) { throw problem }
                    } else if case .text = spec.kind {
                        value = .string(text)
                    } else {
                        value = try FieldValueParser.parse(text, as: spec.kind)
                    }
                    slots[position] = value
                    filled |= 1 << UInt64(position)
                } catch {
                    throw error.field(spec.name)
                }
            }
            try RecordValidator.checkRequired(schema, present: filled)
        } catch {
            for position in 0..<schema.fields.count { slots[position] = .null }
            throw error.naming(type: type, id: id).at(line: line)
        }
        var fields: [Record.Field] = []
        fields.reserveCapacity(filled.nonzeroBitCount)
        while filled != 0 {
            let position = filled.trailingZeroBitCount
            filled &= filled - 1
            fields.append(Record.Field(name: schema.fields[position].name, value: slots[position]))
            slots[position] = .null
        }
        return Record(type: type, id: id, fields: fields)
    }

    /// Splits a list cell on unescaped `|`, removing the `\` escapes.
    static func splitList(_ text: String) -> [String] {
        var items: [String] = []
        var current = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                current.append(scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == "|" {
                items.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if escaping { current.append("\\") }
        items.append(String(current))
        return items
    }

    private func text(of cell: Cell, line: Int) throws(RecordError) -> String {
        let text = bytes.withUnsafeBufferPointer { buffer in
            UTF8Validation.string(UnsafeBufferPointer(rebasing: buffer[cell.start..<cell.end]))
        }
        guard let text else { throw RecordError(.malformedCSV, "a cell is not valid UTF-8", line: line) }
        return text
    }

    /// Reads the next non-blank row into `bytes` and `cells`; returns the line it starts on, or `nil` at the end.
    private mutating func readRow() throws(RecordError) -> Int? {
        bytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        var line: UnsafeBufferPointer<UInt8>
        repeat {
            guard let next = try lines.nextLine() else { return nil }
            line = next
        } while line.isEmpty
        let startLine = lines.lineNumber
        var cellStart = 0
        var quoted = false
        var inQuotes = false
        var afterQuote = false
        var index = 0
        while true {
            if index == line.count {
                if inQuotes {
                    bytes.append(contentsOf: lines.lastLineHadCarriageReturn ? [0x0D, 0x0A] : [0x0A])
                    guard bytes.count <= maximumRowLength else {
                        throw RecordError(
                            .recordTooLong, "the row is longer than \(maximumRowLength) bytes", line: startLine)
                    }
                    guard let next = try lines.nextLine() else {
                        throw RecordError(.malformedCSV, "a quoted cell is not closed", line: startLine)
                    }
                    line = next
                    index = 0
                    continue
                }
                cells.append(Cell(start: cellStart, end: bytes.count, quoted: quoted))
                return startLine
            }
            let byte = line[index]
            index += 1
            if inQuotes {
                if byte == 0x22 {
                    if index < line.count, line[index] == 0x22 {
                        bytes.append(0x22)
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    bytes.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                cells.append(Cell(start: cellStart, end: bytes.count, quoted: quoted))
                cellStart = bytes.count
                quoted = false
                afterQuote = false
            case 0x22:
                guard !afterQuote, cellStart == bytes.count, !quoted else {
                    throw RecordError(
                        .malformedCSV, "a quote inside a cell; quote the whole cell and double the quote",
                        line: lines.lineNumber)
                }
                quoted = true
                inQuotes = true
            default:
                guard !afterQuote else {
                    throw RecordError(.malformedCSV, "text after a closing quote", line: lines.lineNumber)
                }
                bytes.append(byte)
            }
        }
    }
}
