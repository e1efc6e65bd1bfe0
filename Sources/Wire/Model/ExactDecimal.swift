/// An exact decimal number kept as its canonical text: an optional `-`, digits, optionally `.` and digits.
///
/// Canonical means no leading `+`, no leading zeros before the point (except a single `0`), and no `-0`.
/// Trailing zeros after the point are kept: `27.90` and `27.9` are different texts (as written by a source).
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The canonical text.
    public let text: String

    /// Parses decimal text such as `27.99`, `-0.5`, `+003`, `12`. Returns `nil` for anything else
    /// (exponents, `NaN`, empty text, a bare `.`).
    public init?(_ source: some StringProtocol) {
        var bytes = Array(source.utf8)
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = point.map { Array(bytes[..<$0]) } ?? bytes
        let fractionPart = point.map { Array(bytes[($0 + 1)...]) } ?? []
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !integerPart.isEmpty, integerPart.allSatisfy(isDigit), fractionPart.allSatisfy(isDigit),
            point == nil || !fractionPart.isEmpty
        else { return nil }
        var integer = Array(integerPart.drop { $0 == UInt8(ascii: "0") })
        if integer.isEmpty { integer = [UInt8(ascii: "0")] }
        let isZero = integer == [UInt8(ascii: "0")] && fractionPart.allSatisfy { $0 == UInt8(ascii: "0") }
        var text = negative && !isZero ? "-" : ""
        text += String(decoding: integer, as: UTF8.self)
        if point != nil { text += "." + String(decoding: fractionPart, as: UTF8.self) }
        self.text = text
    }

    public var description: String { text }
}
