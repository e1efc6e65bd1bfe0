import Wire

/// Writes JSON text the one canonical way: no spaces; strings escape only `"`, `\` and control characters
/// (`\b \f \n \r \t` short forms, others `\u00XX` in lowercase hex); everything else as raw UTF-8.
enum JSONText {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string, with quotes.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if runStart < index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                }
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: output.append(0x22)
                case 0x5C: output.append(0x5C)
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
            }
            if runStart < bytes.count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Appends ASCII text as is.
    static func appendRaw(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Appends a field value: strings, enum words and dates as strings, ints as digits, decimals as numbers with
    /// their exact text, bools, lists as arrays of strings. `.null` as `null`.
    static func appendValue(_ value: FieldValue, to output: inout [UInt8]) {
        switch value {
        case .null:
            appendRaw("null", to: &output)
        case .string(let text), .enumeration(let text):
            appendString(text, to: &output)
        case .date(let date):
            appendString(date.text, to: &output)
        case .int(let number):
            appendInteger(number, to: &output)
        case .decimal(let decimal):
            appendRaw(decimal.text, to: &output)
        case .bool(let flag):
            appendRaw(flag ? "true" : "false", to: &output)
        case .list(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendString(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    /// Appends an integer's decimal digits without going through `String`.
    static func appendInteger(_ number: Int64, to output: inout [UInt8]) {
        if number < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, written backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(buffer[index]) }
        }
    }

    /// Appends `{"type":...,"id":...,field...}` for a record, fields in the record's order, `.null` left out.
    static func appendObject(_ record: Record, to output: inout [UInt8]) {
        appendRaw("{\"type\":\"", to: &output)
        appendRaw(record.type.name, to: &output)
        appendRaw("\",\"id\":", to: &output)
        appendString(record.id, to: &output)
        for field in record.fields where field.value != .null {
            output.append(UInt8(ascii: ","))
            appendString(field.name, to: &output)
            output.append(UInt8(ascii: ":"))
            appendValue(field.value, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}
