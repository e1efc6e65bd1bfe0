/// A strict reader of flat JSON objects over bytes: string keys, values that are strings, numbers, `true`, `false`,
/// `null` or arrays of strings. Nested objects, arrays of anything else, invalid UTF-8 and lone surrogates are
/// refused; the caller refuses duplicate keys and trailing text. It never makes a `Double`.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// `true` when only whitespace is left.
    var isAtEnd: Bool {
        var index = position
        while index < bytes.count, JSONScanner.isWhitespace(bytes[index]) { index += 1 }
        return index == bytes.count
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    mutating func skipWhitespace() {
        while position < bytes.count, JSONScanner.isWhitespace(bytes[position]) { position += 1 }
    }

    func failure(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: offset ?? position)
    }

    /// What the byte at `position` is, for messages.
    var found: String {
        guard position < bytes.count else { return "the end of the input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// What a key turned out to be.
    enum Key {
        /// One of the numbered names of `JSONFieldNames`.
        case known(Int)
        /// Any other text.
        case unknown(String)
    }

    /// Reads `{` (after optional whitespace); returns `true` when the object is empty (`{}` read whole).
    mutating func beginObject() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw failure("expected an object, found the end of the input") }
        guard bytes[position] == UInt8(ascii: "{") else { throw failure("expected '{', found \(found)") }
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return true
        }
        return false
    }

    /// Reads a key and its `:` (after optional whitespace), matching it against `names` without making a string
    /// when it has no escapes.
    mutating func readKey(_ names: JSONFieldNames) throws(JSONSyntaxError) -> Key {
        skipWhitespace()
        guard position < bytes.count else { throw failure("the object is not closed") }
        guard bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key string, found \(found)") }
        let start = position
        var index = position + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"),
            bytes[index] >= 0x20
        {
            index += 1
        }
        let key: Key
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let raw = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index])
            if let number = names.number(of: raw) {
                key = .known(number)
            } else {
                guard let text = UTF8Validation.string(raw) else {
                    throw JSONSyntaxError(message: "a string is not valid UTF-8", offset: start + 1)
                }
                key = .unknown(text)
            }
            position = index + 1
        } else {
            var text = try readString()
            key = text.withUTF8 { utf8 in names.number(of: utf8).map(Key.known) } ?? .unknown(text)
        }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw failure("expected ':' after a key, found \(found)")
        }
        position += 1
        return key
    }

    /// After a member's value: reads `,` (returns `false`) or the closing `}` (returns `true`).
    mutating func endOfMember() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw failure("the object is not closed") }
        switch bytes[position] {
        case UInt8(ascii: ","):
            position += 1
            return false
        case UInt8(ascii: "}"):
            position += 1
            return true
        default:
            throw failure("expected ',' or '}', found \(found)")
        }
    }

    /// Reads one value (after optional whitespace).
    mutating func readValue() throws(JSONSyntaxError) -> JSONScalar {
        skipWhitespace()
        guard position < bytes.count else { throw failure("expected a value, found the end of the input") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "["):
            return .strings(try readStringArray())
        case UInt8(ascii: "{"):
            throw failure("nested objects are not allowed (a record is flat)")
        default:
            throw failure("expected a value, found \(found)")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let start = position
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw failure("expected a value, found \(found)", at: start) }
        let matches = word.withUTF8Buffer { expected in
            for index in 0..<count where bytes[position + index] != expected[index] { return false }
            return true
        }
        guard matches else { throw failure("expected a value, found \(found)", at: start) }
        position += count
    }

    /// Reads `[ "a", "b" ]`; anything other than strings inside is refused.
    mutating func readStringArray() throws(JSONSyntaxError) -> [String] {
        position += 1  // [
        var items: [String] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return items
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw failure("the list is not closed") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                if bytes[position] == UInt8(ascii: "{") || bytes[position] == UInt8(ascii: "[") {
                    throw failure("nested values are not allowed in a list (lists hold only strings)")
                }
                throw failure("lists hold only strings, found \(found)")
            }
            items.append(try readString())
            skipWhitespace()
            guard position < bytes.count else { throw failure("the list is not closed") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return items
            default:
                throw failure("expected ',' or ']' in a list, found \(found)")
            }
        }
    }

    /// Reads a number per RFC 8259's grammar, keeping its text.
    mutating func readNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        func isDigit(_ index: Int) -> Bool {
            index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        guard isDigit(position) else { throw failure("a number needs a digit after '-'") }
        var value: Int64 = 0
        var overflow = false
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if isDigit(position) { throw failure("a number may not have a leading zero", at: start) }
        } else {
            while isDigit(position) {
                let digit = Int64(bytes[position] &- UInt8(ascii: "0"))
                // Accumulate negatively so that Int64.min fits.
                let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowB) = times.subtractingReportingOverflow(digit)
                overflow = overflow || overflowA || overflowB
                value = next
                position += 1
            }
        }
        var hasFraction = false
        var hasExponent = false
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { throw failure("a number needs digits after '.'") }
            while isDigit(position) { position += 1 }
            hasFraction = true
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(position) else { throw failure("a number needs digits in its exponent") }
            while isDigit(position) { position += 1 }
            hasExponent = true
        }
        if !negative {
            let (positive, overflowC) = (0 as Int64).subtractingReportingOverflow(value)
            overflow = overflow || overflowC
            value = positive
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(
            text: text,
            integer: hasFraction || hasExponent || overflow ? nil : value,
            hasFraction: hasFraction,
            hasExponent: hasExponent
        )
    }

    /// Reads a string starting at its opening quote: every escape, `\uXXXX` with surrogate pairs, UTF-8 checked.
    mutating func readString() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1
        let contentStart = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<position])
                position += 1
                return try JSONScanner.string(validating: content, at: contentStart)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character must be escaped in a string") }
            position += 1
        }
        guard position < bytes.count else { throw failure("the string is not closed", at: start) }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try decoded.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> String in
                    try JSONScanner.string(validating: buffer, at: contentStart)
                }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): decoded.append(0x22)
                case UInt8(ascii: "\\"): decoded.append(0x5C)
                case UInt8(ascii: "/"): decoded.append(0x2F)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = UInt32(try readHex4())
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else { throw failure("a high surrogate \\u escape must be followed by a low surrogate") }
                        position += 2
                        let low = UInt32(try readHex4())
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw failure("a high surrogate \\u escape must be followed by a low surrogate")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw failure("a lone low surrogate \\u escape")
                    }
                    JSONScanner.appendUTF8(scalar, to: &decoded)
                default:
                    throw failure("unknown escape '\\\(Character(Unicode.Scalar(escape)))'", at: position - 2)
                }
            default:
                if byte < 0x20 { throw failure("a control character must be escaped in a string") }
                decoded.append(byte)
                position += 1
            }
        }
        throw failure("the string is not closed", at: start)
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt16 {
        guard bytes.count - position >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    private static func string(validating bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError)
        -> String
    {
        guard let string = UTF8Validation.string(bytes) else {
            throw JSONSyntaxError(message: "a string is not valid UTF-8", offset: offset)
        }
        return string
    }
}
