public import Wire

/// Every way a record, a value or a record file can be refused. Match on `code`; new codes may be added.
///
/// The message names the record (type and id), the field and, for files, the 1-based line, whichever are known:
/// `line 12: tally "t-1": field "votes": expected an int, got a string`.
public struct RecordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownType
            case typeNotInDataset
            case invalidID
            case unknownField
            case duplicateField
            case duplicateID
            case missingField
            case wrongType
            case invalidValue
            case malformedJSON
            case malformedCSV
            case recordTooLong
            case readFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The `type` is missing or names no record type.
        public static let unknownType = Code(.unknownType)
        /// The record type is not allowed in the dataset's kind (a `person` in an `election` dataset).
        public static let typeNotInDataset = Code(.typeNotInDataset)
        /// The id is missing or is not 1–128 bytes of `[A-Za-z0-9._:-]`.
        public static let invalidID = Code(.invalidID)
        /// The field is not in the record type's schema.
        public static let unknownField = Code(.unknownField)
        /// The same field (or `type`/`id`) appears twice in one record.
        public static let duplicateField = Code(.duplicateField)
        /// The same record id appears twice in one file.
        public static let duplicateID = Code(.duplicateID)
        /// A required field is absent, or an edit tries to clear it.
        public static let missingField = Code(.missingField)
        /// The value has the wrong type for the field (a string for an int, a number with a fraction for an int...).
        public static let wrongType = Code(.wrongType)
        /// The value has the right type but is not allowed (a word outside an enum, a negative count, a bad date...).
        public static let invalidValue = Code(.invalidValue)
        /// A line or document is not the strict JSON that Tally reads (truncated, trailing garbage, nesting...).
        public static let malformedJSON = Code(.malformedJSON)
        /// A CSV file is malformed (bad quoting, a row with the wrong number of cells, a bad header).
        public static let malformedCSV = Code(.malformedCSV)
        /// One line or record is over the reader's size limit.
        public static let recordTooLong = Code(.recordTooLong)
        /// The file could not be opened or read.
        public static let readFailed = Code(.readFailed)

        /// The code's name, such as `unknownField`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The detail, without the record/field/line prefix (see `description` for the full sentence).
    public var message: String
    /// The record's type as written, when known (it may name no real type).
    public var typeName: String?
    /// The record's id, when known.
    public var id: String?
    /// The field concerned, when there is one.
    public var field: String?
    /// The 1-based line of the file where the record starts, when reading a file.
    public var line: Int?

    /// Makes an error.
    public init(
        _ code: Code,
        _ message: String,
        typeName: String? = nil,
        id: String? = nil,
        field: String? = nil,
        line: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.typeName = typeName
        self.id = id
        self.field = field
        self.line = line
    }

    /// The same error with the record's type and id filled in where they were not known.
    public func naming(type: RecordType?, id: String?) -> RecordError {
        var copy = self
        if copy.typeName == nil { copy.typeName = type?.name }
        if copy.id == nil { copy.id = id }
        return copy
    }

    /// The same error located on `line` (1-based).
    public func at(line: Int) -> RecordError {
        var copy = self
        copy.line = line
        return copy
    }

    /// One line: `line 3: tally "t-1": field "votes": expected an int, got a string`.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        switch (typeName, id) {
        case (let type?, let id?): parts.append("\(type) \(RecordError.quoted(id))")
        case (let type?, nil): parts.append(type)
        case (nil, let id?): parts.append("record \(RecordError.quoted(id))")
        case (nil, nil): break
        }
        if let field { parts.append("field \(RecordError.quoted(field))") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// Quotes text for a message, escaping what would make the message ambiguous and cutting very long text.
    static func quoted(_ text: some StringProtocol) -> String {
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > 80 {
                result += "…"
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
