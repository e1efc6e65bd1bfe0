public import Wire

/// Turns text typed by a user (`tally put NAME TYPE ID FIELD=VALUE...`) or read from a CSV cell into the
/// `FieldValue` a field's schema calls for.
public enum FieldValueParser {
    /// Parses `text` as a value of `kind` and checks it: ints as decimal digits with an optional sign, decimals as
    /// `27.99`, dates in one of the four forms, bools as `true`/`false`, enums as one of their words, lists as
    /// comma-separated items (spaces around items trimmed) or a JSON array of strings such as `["a","b, c"]`.
    public static func parse(_ text: String, as kind: FieldKind) throws(RecordError) -> FieldValue {
        let value: FieldValue
        switch kind {
        case .text, .identifier, .countryCode, .languageTag:
            value = .string(text)
        case .integer:
            guard let number = parseInteger(text) else {
                throw RecordError(.wrongType, "expected an int, got \(RecordError.quoted(text))")
            }
            value = .int(number)
        case .decimal:
            guard let decimal = ExactDecimal(text) else {
                throw RecordError(.wrongType, "expected a decimal such as 27.99, got \(RecordError.quoted(text))")
            }
            value = .decimal(decimal)
        case .date:
            guard let date = DateValue(text) else { throw FieldKind.dateProblem(text) }
            value = .date(date)
        case .enumeration:
            value = .enumeration(text)
        case .boolean:
            switch text {
            case "true": value = .bool(true)
            case "false": value = .bool(false)
            default: throw RecordError(.wrongType, "expected true or false, got \(RecordError.quoted(text))")
            }
        case .textList, .identifierList, .countryList, .dateList:
            value = .list(try parseList(text))
        }
        if let problem = kind.problem(with: value) { throw problem }
        return value
    }

    /// Parses `FIELD=VALUE` arguments into a validated edit of one record, in schema order. An empty value
    /// (`FIELD=`) clears an optional field (`.null`); clearing a required field is refused.
    public static func parseAssignments(
        _ arguments: [String],
        type: RecordType,
        id: String,
        in kind: DatasetKind? = nil
    ) throws(RecordError) -> [Record.Field] {
        let schema = RecordSchema.for(type)
        var changes: [Record.Field] = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                throw RecordError(
                    .invalidValue,
                    "\(RecordError.quoted(argument)) is not FIELD=VALUE",
                    typeName: type.name,
                    id: id
                )
            }
            let name = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            guard let spec = schema.field(named: name) else {
                throw RecordError(
                    .unknownField, "a \(type.name) has no such field", typeName: type.name, id: id, field: name)
            }
            if text.isEmpty {
                changes.append(Record.Field(name: name, value: .null))
                continue
            }
            do throws(RecordError) {
                changes.append(Record.Field(name: name, value: try parse(text, as: spec.kind)))
            } catch {
                throw error.field(name).naming(type: type, id: id)
            }
        }
        return try RecordValidator.validateEdit(type: type, id: id, changes: changes, in: kind)
    }

    /// Decimal digits with an optional leading `-` or `+`, within 64 bits.
    static func parseInteger(_ text: String) -> Int64? {
        guard let first = text.utf8.first, first != UInt8(ascii: "+") || text.utf8.count > 1 else { return nil }
        return Int64(text, radix: 10)
    }

    /// A JSON array of strings, or comma-separated items with surrounding spaces trimmed.
    static func parseList(_ text: String) throws(RecordError) -> [String] {
        let trimmed = text.drop { $0 == " " }
        if trimmed.first == "[" {
            var bytes = Array(text.utf8)
            return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(RecordError) -> [String] in
                var scanner = JSONScanner(UnsafeBufferPointer(buffer))
                scanner.skipWhitespace()
                do throws(JSONSyntaxError) {
                    let items = try scanner.readStringArray()
                    guard scanner.isAtEnd else { throw scanner.failure("unexpected text after the list") }
                    return items
                } catch {
                    throw RecordError(.invalidValue, "not a JSON list of strings: \(error.message)")
                }
            }
        }
        return text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            String(item.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
    }
}
