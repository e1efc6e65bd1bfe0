/// A whole JSON value with nesting, for the standard formats (NIST SP 1500-100, Popolo) whose documents are not
/// flat records. Numbers keep their exact text, so nothing goes through a binary float; object members keep
/// their order, so writing a tree gives the same bytes every time.
enum JSONTree: Equatable {
    /// An object's members, in order, keys unique.
    case object([JSONMember])
    /// An array's elements, in order.
    case array([JSONTree])
    /// A string, unescaped.
    case string(String)
    /// A number as written (`12`, `27.99`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// An integer number.
    static func integer(_ value: Int64) -> JSONTree {
        .number(String(value))
    }

    /// An object of the members whose value is not `nil`, in the order given.
    static func members(_ pairs: [(String, JSONTree?)]) -> JSONTree {
        .object(pairs.compactMap { key, value in value.map { JSONMember(key: key, value: $0) } })
    }

    /// An array, or `nil` when `elements` is empty (so that `members` leaves the key out).
    static func nonEmptyArray(_ elements: [JSONTree]) -> JSONTree? {
        elements.isEmpty ? nil : .array(elements)
    }

    /// The JSON type's name for messages: `an object`, `a string`...
    var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a bool"
        case .null: "null"
        }
    }

    /// The document's bytes: two-space indentation, arrays and objects of scalars on one line, a final newline.
    var documentBytes: [UInt8] {
        var output: [UInt8] = []
        append(to: &output, indent: 0)
        output.append(0x0A)
        return output
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }

    private func append(to output: inout [UInt8], indent: Int) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return JSONText.appendRaw("{}", to: &output) }
            if members.allSatisfy(\.value.isScalar) {
                output.append(UInt8(ascii: "{"))
                for (index, member) in members.enumerated() {
                    if index > 0 { JSONText.appendRaw(", ", to: &output) }
                    JSONText.appendString(member.key, to: &output)
                    JSONText.appendRaw(": ", to: &output)
                    member.value.append(to: &output, indent: indent)
                }
                output.append(UInt8(ascii: "}"))
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                output.append(contentsOf: index == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                JSONTree.appendIndent(indent + 1, to: &output)
                JSONText.appendString(member.key, to: &output)
                JSONText.appendRaw(": ", to: &output)
                member.value.append(to: &output, indent: indent + 1)
            }
            output.append(0x0A)
            JSONTree.appendIndent(indent, to: &output)
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            guard !elements.isEmpty else { return JSONText.appendRaw("[]", to: &output) }
            if elements.allSatisfy(\.isScalar) {
                output.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { JSONText.appendRaw(", ", to: &output) }
                    element.append(to: &output, indent: indent)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                output.append(contentsOf: index == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                JSONTree.appendIndent(indent + 1, to: &output)
                element.append(to: &output, indent: indent + 1)
            }
            output.append(0x0A)
            JSONTree.appendIndent(indent, to: &output)
            output.append(UInt8(ascii: "]"))
        case .string(let text):
            JSONText.appendString(text, to: &output)
        case .number(let text):
            JSONText.appendRaw(text, to: &output)
        case .bool(let flag):
            JSONText.appendRaw(flag ? "true" : "false", to: &output)
        case .null:
            JSONText.appendRaw("null", to: &output)
        }
    }

    private static func appendIndent(_ depth: Int, to output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }
}

/// One member of a JSON object.
struct JSONMember: Equatable {
    /// The key.
    var key: String
    /// The value.
    var value: JSONTree
}
