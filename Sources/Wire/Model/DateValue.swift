/// A date as written, with its precision: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an RFC 3339 timestamp.
public struct DateValue: Hashable, Sendable, CustomStringConvertible {
    /// How precise a date is.
    public enum Precision: UInt8, Sendable, CaseIterable {
        /// `YYYY`
        case year = 1
        /// `YYYY-MM`
        case month = 2
        /// `YYYY-MM-DD`
        case day = 3
        /// RFC 3339, such as `2024-07-08T10:15:00Z` or `2024-07-08T10:15:00.5+02:00`.
        case timestamp = 4
    }

    /// The text exactly as validated.
    public let text: String
    /// The precision the text has.
    public let precision: Precision

    /// Parses and validates a date; returns `nil` for anything that is not one of the four forms or names an
    /// impossible month, day, hour, minute or second.
    public init?(_ source: some StringProtocol) {
        let bytes = Array(source.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
        func daysIn(_ month: Int, _ year: Int) -> Int {
            switch month {
            case 2: isLeap(year) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
        guard bytes.count >= 4, let year = number(0..<4) else { return nil }
        if bytes.count == 4 {
            precision = .year
        } else {
            guard bytes.count >= 7, bytes[4] == UInt8(ascii: "-"), let month = number(5..<7), (1...12).contains(month)
            else { return nil }
            if bytes.count == 7 {
                precision = .month
            } else {
                guard bytes.count >= 10, bytes[7] == UInt8(ascii: "-"), let day = number(8..<10),
                    (1...daysIn(month, year)).contains(day)
                else { return nil }
                if bytes.count == 10 {
                    precision = .day
                } else {
                    guard DateValue.isValidTimeSuffix(Array(bytes[10...])) else { return nil }
                    precision = .timestamp
                }
            }
        }
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// Checks `Thh:mm:ss[.frac](Z|±hh:mm)` (RFC 3339 `T`/`t`, `Z`/`z`).
    private static func isValidTimeSuffix(_ bytes: [UInt8]) -> Bool {
        func number(_ start: Int) -> Int? {
            guard start + 2 <= bytes.count else { return nil }
            let digits = bytes[start..<(start + 2)]
            guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        guard bytes.count >= 9, bytes[0] == UInt8(ascii: "T") || bytes[0] == UInt8(ascii: "t"),
            let hour = number(1), hour < 24, bytes[3] == UInt8(ascii: ":"),
            let minute = number(4), minute < 60, bytes[6] == UInt8(ascii: ":"),
            let second = number(7), second <= 60
        else { return false }
        var index = 9
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") { return index + 1 == bytes.count }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
            let offsetHour = number(index + 1), offsetHour < 24, bytes[index + 3] == UInt8(ascii: ":"),
            let offsetMinute = number(index + 4), offsetMinute < 60
        else { return false }
        return true
    }

    /// The text exactly as validated.
    public var description: String { text }
}
