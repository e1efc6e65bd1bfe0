public import NIOCore

extension FieldValue: WirePayload {
    /// Writes the value: its tag byte, then the payload of Protocol.md, "Values".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(tag)
        switch self {
        case .null:
            break
        case .string(let text), .enumeration(let text):
            buffer.writeLengthPrefixedString(text)
        case .int(let number):
            buffer.writeZigZag(number)
        case .decimal(let decimal):
            buffer.writeLengthPrefixedString(decimal.text)
        case .date(let date):
            buffer.writeInteger(date.precision.rawValue)
            buffer.writeLengthPrefixedString(date.text)
        case .bool(let flag):
            buffer.writeInteger(UInt8(flag ? 1 : 0))
        case .list(let items):
            buffer.writeVarint(UInt64(items.count))
            for item in items { buffer.writeLengthPrefixedString(item) }
        }
    }

    /// The most items a list value may hold.
    public static let maximumListCount = 65_536

    /// Reads one value. Throws `.malformedPayload` for an unknown tag or bool byte and `.invalidValue` for a
    /// decimal or date whose text does not validate or whose precision byte disagrees with its text.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> FieldValue {
        let tag: UInt8 = try buffer.readFixed()
        switch tag {
        case 0:
            return .null
        case 1:
            return .string(try buffer.readLengthPrefixedString())
        case 2:
            return .int(try buffer.readZigZag())
        case 3:
            let text = try buffer.readLengthPrefixedString()
            guard let decimal = ExactDecimal(text), decimal.text == text else {
                throw WireError(.invalidValue, "decimal \"\(text)\" is not canonical decimal text")
            }
            return .decimal(decimal)
        case 4:
            let precision: UInt8 = try buffer.readFixed()
            let text = try buffer.readLengthPrefixedString()
            guard let date = DateValue(text), date.precision.rawValue == precision else {
                throw WireError(.invalidValue, "date \"\(text)\" does not match precision \(precision)")
            }
            return .date(date)
        case 5:
            return .enumeration(try buffer.readLengthPrefixedString())
        case 6:
            let byte: UInt8 = try buffer.readFixed()
            guard byte <= 1 else { throw WireError(.malformedPayload, "bool byte \(byte) is neither 0 nor 1") }
            return .bool(byte == 1)
        case 7:
            let count = try buffer.readCount(limit: maximumListCount)
            var items: [String] = []
            items.reserveCapacity(min(count, buffer.readableBytes))
            for _ in 0..<count { items.append(try buffer.readLengthPrefixedString()) }
            return .list(items)
        default:
            throw WireError(.malformedPayload, "unknown value tag \(tag)")
        }
    }
}
