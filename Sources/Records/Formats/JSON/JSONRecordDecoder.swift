import Wire

/// Turns the members of one flat JSON object into a valid record, checking it against its schema as it goes.
///
/// JSON numbers become ints (no fraction or exponent, within 64 bits) or exact decimals (their text, never a
/// `Double`; no exponent). `null` and `[]` mean the field is absent. Strings are never read as numbers.
struct JSONRecordDecoder {
    let kind: DatasetKind?
    private var members: [JSONMember] = []
    private var slots: [FieldValue] = Array(repeating: .null, count: 64)

    init(kind: DatasetKind?) {
        self.kind = kind
        members.reserveCapacity(16)
    }

    /// Decodes one object that is the whole of `bytes` (a line of NDJSON).
    mutating func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>, line: Int?) throws(RecordError) -> Record {
        var scanner = JSONScanner(bytes)
        do throws(JSONSyntaxError) {
            try scanner.readObject(into: &members)
            guard scanner.isAtEnd else {
                scanner.skipWhitespace()
                throw scanner.failure("unexpected \(scanner.found) after the object")
            }
        } catch {
            throw error.recordError(line: line)
        }
        return try record(line: line)
    }

    /// Decodes the object at the scanner's position (an element of a JSON array), leaving the scanner after it.
    mutating func decodeObject(_ scanner: inout JSONScanner, line: Int?) throws(RecordError) -> Record {
        do throws(JSONSyntaxError) {
            try scanner.readObject(into: &members)
        } catch {
            throw error.recordError(line: line)
        }
        return try record(line: line)
    }

    private mutating func record(line: Int?) throws(RecordError) -> Record {
        var typeName: String?
        var id: String?
        for member in members {
            if member.key == "type" {
                guard case .string(let text) = member.value else {
                    throw RecordError(
                        .unknownType, "\"type\" must be a string, got \(member.value.kindName)", line: line)
                }
                typeName = text
            } else if member.key == "id" {
                guard case .string(let text) = member.value else {
                    throw RecordError(.invalidID, "\"id\" must be a string, got \(member.value.kindName)", line: line)
                }
                id = text
            }
        }
        guard let typeName else {
            throw RecordError(.unknownType, "the record has no \"type\"", id: id, line: line)
        }
        guard let type = RecordType(name: typeName) else {
            let names = RecordType.allCases.map(\.name).joined(separator: ", ")
            throw RecordError(
                .unknownType,
                "\(RecordError.quoted(typeName)) is not a record type (\(names))",
                id: id,
                line: line
            )
        }
        do throws(RecordError) {
            try RecordValidator.checkType(type, in: kind)
            guard let id else { throw RecordError(.invalidID, "the record has no \"id\"") }
            try RecordValidator.checkID(id)
            let schema = RecordSchema.for(type)
            var present: UInt64 = 0
            for member in members where member.key != "type" && member.key != "id" {
                guard let index = schema.index(of: member.key) else {
                    throw RecordError(.unknownField, "a \(type.name) has no such field", field: member.key)
                }
                let spec = schema.fields[index]
                let value: FieldValue
                do throws(RecordError) {
                    value = try JSONRecordDecoder.value(member.value, as: spec.kind)
                } catch {
                    throw error.field(member.key)
                }
                guard value != .null else { continue }
                present |= 1 << UInt64(index)
                slots[index] = value
            }
            try RecordValidator.checkRequired(schema, present: present)
            var fields: [Record.Field] = []
            fields.reserveCapacity(present.nonzeroBitCount)
            var remaining = present
            while remaining != 0 {
                let index = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                fields.append(Record.Field(name: schema.fields[index].name, value: slots[index]))
                slots[index] = .null
            }
            return Record(type: type, id: id, fields: fields)
        } catch {
            for index in slots.indices { slots[index] = .null }
            throw error.naming(type: type, id: id).located(line)
        }
    }

    /// Converts a JSON value to a field value of `kind` and checks it.
    static func value(_ scalar: JSONScalar, as kind: FieldKind) throws(RecordError) -> FieldValue {
        let value: FieldValue
        switch (kind, scalar) {
        case (_, .null):
            return .null
        case (.text, .string(let text)), (.identifier, .string(let text)), (.countryCode, .string(let text)),
            (.languageTag, .string(let text)):
            value = .string(text)
        case (.integer, .number(let number)):
            guard let integer = number.integer else {
                if number.hasFraction || number.hasExponent {
                    throw RecordError(.wrongType, "expected an int, got \(number.text) (a fraction or an exponent)")
                }
                throw RecordError(.invalidValue, "\(number.text) does not fit in a 64-bit int")
            }
            value = .int(integer)
        case (.decimal, .number(let number)):
            guard !number.hasExponent, let decimal = ExactDecimal(number.text) else {
                throw RecordError(.invalidValue, "\(number.text): write a decimal with digits, not an exponent")
            }
            value = .decimal(decimal)
        case (.date, .string(let text)):
            guard let date = DateValue(text) else { throw FieldKind.dateProblem(text) }
            value = .date(date)
        case (.enumeration, .string(let text)):
            value = .enumeration(text)
        case (.boolean, .bool(let flag)):
            value = .bool(flag)
        case (.textList, .strings(let items)), (.identifierList, .strings(let items)),
            (.countryList, .strings(let items)), (.dateList, .strings(let items)):
            if items.isEmpty { return .null }
            value = .list(items)
        default:
            throw RecordError(
                .wrongType,
                "expected \(FieldKind.article(kind.name)) \(kind.name), got \(scalar.kindName)"
            )
        }
        if let problem = kind.problem(with: value) { throw problem }
        return value
    }
}

extension RecordError {
    /// The same error on `line`, when there is one.
    func located(_ line: Int?) -> RecordError {
        guard let line else { return self }
        return at(line: line)
    }
}
