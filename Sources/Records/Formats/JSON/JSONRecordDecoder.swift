import Wire

/// Turns one flat JSON object into a valid record, checking it against its schema as it reads.
///
/// JSON numbers become ints (no fraction or exponent, within 64 bits) or exact decimals (their text, never a
/// `Double`; no exponent). `null` and `[]` mean the field is absent. Strings are never read as numbers.
/// Buffers are reused from one record to the next, so a reader allocates little more than the record itself.
struct JSONRecordDecoder {
    let kind: DatasetKind?
    private let names = JSONFieldNames.shared
    /// Values by name number, for the names in `present`.
    private var scalars: [JSONScalar] = Array(repeating: .null, count: 64)
    /// Values by schema position, while a record is assembled.
    private var slots: [FieldValue] = Array(repeating: .null, count: 64)
    /// Bit `n` set when name number `n` was read in the current object.
    private var present: UInt64 = 0
    /// The first key that is no known name, if any.
    private var unknownKey: String?

    init(kind: DatasetKind?) {
        self.kind = kind
    }

    /// Decodes one object that is the whole of `bytes` (a line of NDJSON).
    mutating func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>, line: Int?) throws(RecordError) -> Record {
        var scanner = JSONScanner(bytes)
        do throws(JSONSyntaxError) {
            try readMembers(&scanner)
            guard scanner.isAtEnd else {
                scanner.skipWhitespace()
                throw scanner.failure("unexpected \(scanner.found) after the object")
            }
        } catch {
            reset()
            throw error.recordError(line: line)
        }
        return try record(line: line)
    }

    /// Decodes the object at the scanner's position (an element of a JSON array), leaving the scanner after it.
    mutating func decodeObject(_ scanner: inout JSONScanner, line: Int?) throws(RecordError) -> Record {
        do throws(JSONSyntaxError) {
            try readMembers(&scanner)
        } catch {
            reset()
            throw error.recordError(line: line)
        }
        return try record(line: line)
    }

    private mutating func readMembers(_ scanner: inout JSONScanner) throws(JSONSyntaxError) {
        if try scanner.beginObject() { return }
        repeat {
            scanner.skipWhitespace()
            let keyOffset = scanner.position
            let key = try scanner.readKey(names)
            let value = try scanner.readValue()
            switch key {
            case .known(let number):
                let bit: UInt64 = 1 << UInt64(number)
                guard present & bit == 0 else {
                    throw scanner.failure("duplicate key \(RecordError.quoted(names.names[number]))", at: keyOffset)
                }
                present |= bit
                scalars[number] = value
            case .unknown(let text):
                if unknownKey == nil { unknownKey = text }
            }
        } while try !scanner.endOfMember()
    }

    /// Forgets the current object.
    private mutating func reset() {
        var remaining = present
        while remaining != 0 {
            scalars[remaining.trailingZeroBitCount] = .null
            remaining &= remaining - 1
        }
        present = 0
        unknownKey = nil
    }

    private mutating func record(line: Int?) throws(RecordError) -> Record {
        defer { reset() }
        var id: String?
        if present & 2 != 0 {
            guard case .string(let text) = scalars[1] else {
                throw RecordError(.invalidID, "\"id\" must be a string, got \(scalars[1].kindName)", line: line)
            }
            id = text
        }
        guard present & 1 != 0 else {
            throw RecordError(.unknownType, "the record has no \"type\"", id: id, line: line)
        }
        guard case .string(let typeName) = scalars[0] else {
            throw RecordError(.unknownType, "\"type\" must be a string, got \(scalars[0].kindName)", line: line)
        }
        guard let type = JSONRecordDecoder.recordType(named: typeName) else {
            let names = RecordType.allCases.map(\.name).joined(separator: ", ")
            throw RecordError(
                .unknownType, "\(RecordError.quoted(typeName)) is not a record type (\(names))", id: id, line: line)
        }
        do throws(RecordError) {
            try RecordValidator.checkType(type, in: kind)
            guard let id else { throw RecordError(.invalidID, "the record has no \"id\"") }
            try RecordValidator.checkID(id)
            if let unknownKey {
                throw RecordError(.unknownField, "a \(type.name) has no such field", field: unknownKey)
            }
            let schema = RecordSchema.for(type)
            let positions = names.positions[Int(type.rawValue) - 1]
            var filled: UInt64 = 0
            var remaining = present & ~3
            while remaining != 0 {
                let number = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                let position = Int(positions[number])
                guard position >= 0 else {
                    throw RecordError(.unknownField, "a \(type.name) has no such field", field: names.names[number])
                }
                let value: FieldValue
                do throws(RecordError) {
                    value = try JSONRecordDecoder.value(scalars[number], as: schema.fields[position].kind)
                } catch {
                    throw error.field(names.names[number])
                }
                guard value != .null else { continue }
                filled |= 1 << UInt64(position)
                slots[position] = value
            }
            do throws(RecordError) {
                try RecordValidator.checkRequired(schema, present: filled)
            } catch {
                clearSlots(filled)
                throw error
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
        } catch {
            throw error.naming(type: type, id: id).located(line)
        }
    }

    /// The type called `name`: a plain string switch, cheaper than the generic lookup on the hot path.
    static func recordType(named name: String) -> RecordType? {
        switch name {
        case "tally": .tally
        case "turnout": .turnout
        case "unit": .unit
        case "party": .party
        case "election": .election
        case "statement": .statement
        case "person": .person
        default: nil
        }
    }

    private mutating func clearSlots(_ mask: UInt64) {
        var remaining = mask
        while remaining != 0 {
            slots[remaining.trailingZeroBitCount] = .null
            remaining &= remaining - 1
        }
    }

    /// Converts a JSON value to a field value of `kind` and checks it.
    static func value(_ scalar: JSONScalar, as kind: FieldKind) throws(RecordError) -> FieldValue {
        let value: FieldValue
        switch (kind, scalar) {
        case (_, .null):
            return .null
        case (.text, .string(let text)):
            return .string(text)
        case (.identifier, .string(let text)), (.countryCode, .string(let text)), (.languageTag, .string(let text)):
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
            return .decimal(decimal)
        case (.date, .string(let text)):
            guard let date = DateValue(text) else { throw FieldKind.dateProblem(text) }
            return .date(date)
        case (.enumeration, .string(let text)):
            value = .enumeration(text)
        case (.boolean, .bool(let flag)):
            return .bool(flag)
        case (.textList, .strings(let items)):
            return items.isEmpty ? .null : .list(items)
        case (.identifierList, .strings(let items)), (.countryList, .strings(let items)),
            (.dateList, .strings(let items)):
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
