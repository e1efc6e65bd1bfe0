import Records
import TestSupport
import Wire

/// Random valid records, rich in the text that breaks formats: quotes, backslashes, control characters, separators,
/// non-ASCII, long ids, extreme numbers, every date precision.
struct RandomRecords {
    var rng: SeededGenerator

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    private static let awkward: [String] = [
        "\"", "\\", ",", "|", "\n", "\r", "\r\n", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "é", "中文", "𝄞", "🇫🇷",
        " ", "{", "}", "[", "]", ":", "/", "\\u0041", "\u{2028}", "\u{FEFF}", "null", "true", "27.99",
    ]
    private static let idCharacters = Array("ABCXYZabcxyz0189._:-")

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func text() -> String {
        if chance(5) { return "" }
        var result = ""
        for _ in 0..<int(1...8) {
            if chance(40) {
                result += RandomRecords.awkward[int(0...(RandomRecords.awkward.count - 1))]
            } else {
                result += String(repeating: "ab ", count: int(1...3))
            }
        }
        return result
    }

    mutating func identifier() -> String {
        let length = chance(10) ? 128 : int(1...24)
        return String(
            (0..<length).map { _ in RandomRecords.idCharacters[int(0...(RandomRecords.idCharacters.count - 1))] })
    }

    mutating func country() -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String([letters[int(0...25)], letters[int(0...25)]])
    }

    mutating func integer(minimum: Int64?) -> Int64 {
        let low = minimum ?? .min
        switch int(0...4) {
        case 0: return .max
        case 1: return low
        case 2: return low == .min ? .min : low + 1
        default: return Int64.random(in: low...(Int64.max), using: &rng)
        }
    }

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(int(0...9))) })
    }

    mutating func decimal() -> ExactDecimal {
        var text = chance(30) ? "-" : ""
        text += digits(int(1...40))
        if chance(70) { text += "." + digits(int(1...30)) }
        return ExactDecimal(text)!
    }

    mutating func date() -> DateValue {
        let year = String(int(1000...2999))
        let month = String(format2: int(1...12))
        let day = String(format2: int(1...28))
        let time = "T\(String(format2: int(0...23))):\(String(format2: int(0...59))):\(String(format2: int(0...59)))"
        let fraction = chance(50) ? "." + digits(int(1...9)) : ""
        let zone =
            chance(50)
            ? "Z" : (chance(50) ? "+" : "-") + "\(String(format2: int(0...23))):\(String(format2: int(0...59)))"
        let forms = [
            year, "\(year)-\(month)", "\(year)-\(month)-\(day)", "\(year)-\(month)-\(day)\(time)\(fraction)\(zone)",
        ]
        return DateValue(forms[int(0...3)])!
    }

    mutating func list(_ item: (inout RandomRecords) -> String) -> [String] {
        (0..<int(1...4)).map { _ in item(&self) }
    }

    mutating func value(_ kind: FieldKind) -> FieldValue {
        switch kind {
        case .text: return .string(text())
        case .identifier: return .string(identifier())
        case .countryCode: return .string(country())
        case .languageTag: return .string(["en", "fr-FR", "zh-Hant-TW", "de", "sr-Latn"][int(0...4)])
        case .integer(let minimum): return .int(integer(minimum: minimum))
        case .decimal: return .decimal(decimal())
        case .date: return .date(date())
        case .enumeration(let words): return .enumeration(words[int(0...(words.count - 1))])
        case .boolean: return .bool(chance(50))
        case .textList: return .list(list { $0.text() })
        case .identifierList: return .list(list { $0.identifier() })
        case .countryList: return .list(list { $0.country() })
        case .dateList: return .list(list { $0.date().text })
        }
    }

    /// A valid record of `type` (a random type when `nil`), fields in canonical order.
    mutating func record(of type: RecordType? = nil, kind: DatasetKind? = nil) -> Record {
        let types = RecordType.allCases.filter { kind == nil || $0.datasetKind == kind }
        let type = type ?? types[int(0...(types.count - 1))]
        var fields: [Record.Field] = []
        for spec in RecordSchema.for(type).fields where spec.required || chance(50) {
            fields.append(Record.Field(name: spec.name, value: value(spec.kind)))
        }
        fields.shuffle(using: &rng)
        return try! RecordValidator.validate(Record(type: type, id: identifier(), fields: fields))
    }
}

extension String {
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
