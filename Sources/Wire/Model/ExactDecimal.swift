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

    /// Wraps text that `isCanonicalText` accepts, without parsing it again.
    init(canonicalText: String) {
        text = canonicalText
    }

    /// `true` when `bytes` are exactly the canonical text of a decimal, i.e. `ExactDecimal(text)?.text == text`:
    /// an optional `-`, digits without a leading zero (a single `0` excepted), optionally `.` and digits,
    /// and no negative zero.
    static func isCanonicalText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        var index = 0
        let negative = !bytes.isEmpty && bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerCount = index - integerStart
        guard integerCount > 0 else { return false }
        if integerCount > 1, bytes[integerStart] == UInt8(ascii: "0") { return false }
        var isZero = integerCount == 1 && bytes[integerStart] == UInt8(ascii: "0")
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { return false }
            index += 1
            while index < bytes.count {
                guard isDigit(bytes[index]) else { return false }
                if bytes[index] != UInt8(ascii: "0") { isZero = false }
                index += 1
            }
        }
        return !(negative && isZero)
    }

    /// The canonical decimal text.
    public var description: String { text }
}
