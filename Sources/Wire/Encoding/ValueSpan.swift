/// Byte ranges of the record encoding, shared by both directions of `RecordColumns`.
enum ValueSpan {
    /// Skips one value (Protocol.md §3), checking its tag and lengths only, and returns its bytes' range. Its
    /// content is checked where the records are read.
    static func skip(_ reader: inout WireReader) throws(WireError) -> Range<Int> {
        let start = reader.offset
        let tag = try reader.readByte()
        switch tag {
        case 0:
            break
        case 1, 3, 5:
            _ = try reader.readStringRange()
        case 2:
            _ = try reader.readVarint()
        case 4:
            _ = try reader.readByte()
            _ = try reader.readStringRange()
        case 6:
            _ = try reader.readByte()
        case 7:
            let count = try reader.readCount(limit: FieldValue.maximumListCount)
            for _ in 0..<count { _ = try reader.readStringRange() }
        default:
            throw WireError(.malformedPayload, "unknown value tag \(tag)")
        }
        return start..<reader.offset
    }

    /// How many bytes `left` and `right` share at their start.
    static func commonPrefix(_ bytes: UnsafeRawBufferPointer, _ left: Range<Int>, _ right: Range<Int>) -> Int {
        let common = min(left.count, right.count)
        var index = 0
        while index < common, bytes[left.lowerBound + index] == bytes[right.lowerBound + index] { index += 1 }
        return index
    }
}
