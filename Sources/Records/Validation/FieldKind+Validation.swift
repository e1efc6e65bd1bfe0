public import Wire

extension FieldKind {
    /// Why `value` is not a valid value of this kind, or `nil` when it is. `.null` is never valid here.
    public func problem(with value: FieldValue) -> RecordError? {
        func wrongType() -> RecordError {
            RecordError(.wrongType, "expected \(FieldKind.article(name)) \(name), got \(value.kindName)")
        }
        switch (self, value) {
        case (.text, .string):
            return nil
        case (.identifier, .string(let text)):
            return FieldKind.identifierProblem(text)
        case (.countryCode, .string(let text)):
            return FieldKind.countryProblem(text)
        case (.languageTag, .string(let text)):
            return FieldKind.isLanguageTag(text)
                ? nil
                : RecordError(.invalidValue, "\(RecordError.quoted(text)) is not a language tag such as en or fr-FR")
        case (.integer(let minimum), .int(let number)):
            if let minimum, number < minimum {
                return RecordError(.invalidValue, "\(number) is below the minimum \(minimum)")
            }
            return nil
        case (.decimal, .decimal), (.date, .date), (.boolean, .bool):
            return nil
        case (.enumeration(let words), .enumeration(let word)):
            return words.contains(word)
                ? nil
                : RecordError(
                    .invalidValue,
                    "\(RecordError.quoted(word)) is not one of \(words.joined(separator: ", "))"
                )
        case (.textList, .list(let items)), (.identifierList, .list(let items)), (.countryList, .list(let items)),
            (.dateList, .list(let items)):
            guard !items.isEmpty else {
                return RecordError(.invalidValue, "an empty list; leave the field out instead")
            }
            for item in items {
                switch self {
                case .identifierList:
                    if let problem = FieldKind.identifierProblem(item) { return problem }
                case .countryList:
                    if let problem = FieldKind.countryProblem(item) { return problem }
                case .dateList:
                    if DateValue(item) == nil { return FieldKind.dateProblem(item) }
                default:
                    break
                }
            }
            return nil
        default:
            return wrongType()
        }
    }

    static func identifierProblem(_ text: String) -> RecordError? {
        UTF8Validation.isIdentifier(text)
            ? nil
            : RecordError(
                .invalidValue, "\(RecordError.quoted(text)) is not an id (1-128 bytes of A-Z a-z 0-9 . _ : -)")
    }

    static func countryProblem(_ text: String) -> RecordError? {
        let utf8 = text.utf8
        let isCode = utf8.count == 2 && utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        return isCode
            ? nil
            : RecordError(.invalidValue, "\(RecordError.quoted(text)) is not an ISO 3166-1 alpha-2 code such as FR")
    }

    static func dateProblem(_ text: some StringProtocol) -> RecordError {
        RecordError(
            .invalidValue,
            "\(RecordError.quoted(text)) is not a date (YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp)"
        )
    }

    /// `true` for `[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*`.
    static func isLanguageTag(_ text: String) -> Bool {
        let subtags = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let first = subtags.first, (2...8).contains(first.count),
            first.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
        else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count)
                && subtag.allSatisfy {
                    (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z"))
                        || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                }
        }
    }

    static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeio".contains(first) ? "an" : "a"
    }
}

extension FieldValue {
    /// The case's name for messages: `string`, `int`, `decimal`...
    var kindName: String {
        switch self {
        case .null: "null"
        case .string: "a string"
        case .int: "an int"
        case .decimal: "a decimal"
        case .date: "a date"
        case .enumeration: "an enum word"
        case .bool: "a bool"
        case .list: "a list"
        }
    }
}
