import Foundation
import Wire

/// A JSON value for `--json` output, rendered compactly with keys in the order given.
indirect enum JSONText {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// A number, already as JSON text (so decimals keep their exact digits).
    case number(String)
    case bool(Bool)
    case null

    static func int(_ value: some BinaryInteger) -> JSONText { .number(String(value)) }

    /// The JSON form of a field value: numbers for ints and decimals, strings for text, enums and dates.
    init(_ value: FieldValue) {
        switch value {
        case .null: self = .null
        case .string(let text), .enumeration(let text): self = .string(text)
        case .int(let number): self = .number(String(number))
        case .decimal(let decimal): self = .number(decimal.text)
        case .date(let date): self = .string(date.text)
        case .bool(let flag): self = .bool(flag)
        case .list(let items): self = .array(items.map { .string($0) })
        }
    }

    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                JSONText.string(key).render(into: &out)
                out += ":"
                value.render(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case .string(let text):
            out += "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }
}

extension FieldValue {
    /// The value as a user types it on the command line and reads it in text output.
    var displayText: String {
        switch self {
        case .null: "null"
        case .string(let text), .enumeration(let text): text
        case .int(let number): String(number)
        case .decimal(let decimal): decimal.text
        case .date(let date): date.text
        case .bool(let flag): flag ? "true" : "false"
        case .list(let items): JSONText.array(items.map { .string($0) }).rendered
        }
    }
}
