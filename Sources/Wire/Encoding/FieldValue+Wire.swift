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

    /// The size of the value's encoding, tag included.
    var encodedSize: Int {
        switch self {
        case .null:
            1
        case .string(let text), .enumeration(let text):
            1 + WireWriter.size(ofString: text)
        case .int(let number):
            1 + WireWriter.size(ofVarint: UInt64(bitPattern: (number << 1) ^ (number >> 63)))
        case .decimal(let decimal):
            1 + WireWriter.size(ofString: decimal.text)
        case .date(let date):
            2 + WireWriter.size(ofString: date.text)
        case .bool:
            2
        case .list(let items):
            1 + WireWriter.size(ofVarint: UInt64(items.count)) + items.reduce(0) { $0 + WireWriter.size(ofString: $1) }
        }
    }

    /// Writes the value into memory measured by `encodedSize` (the same bytes as `write(to:)` on a buffer).
    func write(to writer: inout WireWriter) {
        writer.writeByte(tag)
        switch self {
        case .null:
            break
        case .string(let text), .enumeration(let text):
            writer.writeString(text)
        case .int(let number):
            writer.writeZigZag(number)
        case .decimal(let decimal):
            writer.writeString(decimal.text)
        case .date(let date):
            writer.writeByte(date.precision.rawValue)
            writer.writeString(date.text)
        case .bool(let flag):
            writer.writeByte(flag ? 1 : 0)
        case .list(let items):
            writer.writeVarint(UInt64(items.count))
            for item in items { writer.writeString(item) }
        }
    }

    /// The most items a list value may hold.
    public static let maximumListCount = 65_536

    /// Reads one value. Throws `.malformedPayload` for an unknown tag or bool byte and `.invalidValue` for a
    /// decimal or date whose text does not validate or whose precision byte disagrees with its text.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> FieldValue {
        let result: Result<(FieldValue, Int), WireError> = buffer.withUnsafeReadableBytes { bytes in
            var reader = WireReader(bytes)
            do throws(WireError) {
                let value = try FieldValue.read(from: &reader)
                return .success((value, reader.offset))
            } catch {
                return .failure(error)
            }
        }
        let (value, consumed) = try result.get()
        buffer.moveReaderIndex(forwardBy: consumed)
        return value
    }

    /// Reads one value from `reader` (the decoder of `read(from:)`, on contiguous bytes).
    static func read(from reader: inout WireReader) throws(WireError) -> FieldValue {
        let tag = try reader.readByte()
        switch tag {
        case 0:
            return .null
        case 1:
            return .string(try reader.readString())
        case 2:
            return .int(try reader.readZigZag())
        case 3:
            let range = try reader.readStringRange()
            let text = try reader.string(range)
            let textBytes = UnsafeRawBufferPointer(rebasing: reader.bytes[range]).assumingMemoryBound(to: UInt8.self)
            guard ExactDecimal.isCanonicalText(textBytes) else {
                throw WireError(.invalidValue, "decimal \"\(text)\" is not canonical decimal text")
            }
            return .decimal(ExactDecimal(canonicalText: text))
        case 4:
            let precision = try reader.readByte()
            let text = try reader.readString()
            guard let date = DateValue(text), date.precision.rawValue == precision else {
                throw WireError(.invalidValue, "date \"\(text)\" does not match precision \(precision)")
            }
            return .date(date)
        case 5:
            return .enumeration(try reader.readString())
        case 6:
            let byte = try reader.readByte()
            guard byte <= 1 else { throw WireError(.malformedPayload, "bool byte \(byte) is neither 0 nor 1") }
            return .bool(byte == 1)
        case 7:
            let count = try reader.readCount(limit: maximumListCount)
            var items: [String] = []
            items.reserveCapacity(min(count, reader.remaining))
            for _ in 0..<count { items.append(try reader.readString()) }
            return .list(items)
        default:
            throw WireError(.malformedPayload, "unknown value tag \(tag)")
        }
    }
}
