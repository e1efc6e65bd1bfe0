public import NIOCore

/// The primitive encodings of Protocol.md, "Primitives": unsigned LEB128 varints, zigzag varints,
/// length-prefixed UTF-8 strings, big-endian fixed-width integers.
extension ByteBuffer {
    /// Writes `value` as an unsigned LEB128 varint (1–10 bytes).
    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        writeInteger(UInt8(value))
    }

    /// Writes `value` as a zigzag-encoded varint.
    @inlinable
    public mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a varint byte count, then the UTF-8 bytes of `string`.
    @inlinable
    public mutating func writeLengthPrefixedString(_ string: String) {
        writeVarint(UInt64(string.utf8.count))
        writeString(string)
    }

    /// Reads an unsigned LEB128 varint. Throws `.truncated` if the buffer ends inside it and `.malformedPayload`
    /// for a varint longer than 10 bytes, one that overflows 64 bits, or a non-minimal one (a last byte of `00`
    /// after the first), so that every number has exactly one encoding.
    @inlinable
    public mutating func readVarint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = readInteger(as: UInt8.self) else { throw WireError(.truncated, "varint cut short") }
            if shift == 63, byte > 1 { throw WireError(.malformedPayload, "varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0, shift > 0 { throw WireError(.malformedPayload, "varint is not minimal") }
                return result
            }
            shift += 7
            if shift > 63 { throw WireError(.malformedPayload, "varint longer than 10 bytes") }
        }
    }

    /// Reads a zigzag varint.
    @inlinable
    public mutating func readZigZag() throws(WireError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a varint that counts something, refusing counts over `limit` (never allocates from a bad count).
    @inlinable
    public mutating func readCount(limit: Int) throws(WireError) -> Int {
        let raw = try readVarint()
        guard raw <= UInt64(limit) else { throw WireError(.malformedPayload, "count \(raw) over limit \(limit)") }
        return Int(raw)
    }

    /// Reads a length-prefixed UTF-8 string; refuses invalid UTF-8 and lengths past the end of the buffer.
    @inlinable
    public mutating func readLengthPrefixedString() throws(WireError) -> String {
        let length = try readVarint()
        guard length <= UInt64(readableBytes) else {
            throw WireError(.truncated, "string of \(length) bytes cut short")
        }
        let count = Int(length)
        guard
            let string = readableBytesView.prefix(count).withContiguousStorageIfAvailable({
                String(validating: $0, as: UTF8.self)
            }) ?? String(validating: Array(readableBytesView.prefix(count)), as: UTF8.self)
        else { throw WireError(.malformedPayload, "string is not valid UTF-8") }
        moveReaderIndex(forwardBy: count)
        return string
    }

    /// Reads a big-endian fixed-width integer or throws `.truncated`.
    @inlinable
    public mutating func readFixed<T: FixedWidthInteger>(_: T.Type = T.self) throws(WireError) -> T {
        guard let value = readInteger(endianness: .big, as: T.self) else {
            throw WireError(.truncated, "\(T.bitWidth / 8)-byte integer cut short")
        }
        return value
    }

    /// Reads exactly `count` bytes or throws `.truncated`.
    @inlinable
    public mutating func readExactly(_ count: Int) throws(WireError) -> [UInt8] {
        guard let bytes = readBytes(length: count) else { throw WireError(.truncated, "\(count) bytes cut short") }
        return bytes
    }
}
