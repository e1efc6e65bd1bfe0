/// A forward cursor over contiguous bytes with the primitive reads of Protocol.md, "Primitives".
///
/// The record decoder's fast path: it reads straight from memory instead of through `ByteBuffer` calls per byte.
/// Every read has exactly the checks, error codes and messages of the `ByteBuffer` reads in
/// `ByteBuffer+Primitives.swift`, so both paths accept and refuse the same bytes.
struct WireReader {
    /// The bytes; valid for the reader's whole life (callers scope it inside `withUnsafe…Bytes`).
    let bytes: UnsafeRawBufferPointer
    /// The position of the next byte to read.
    private(set) var offset = 0

    /// Makes a reader at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The bytes not read yet.
    var remaining: Int { bytes.count - offset }

    /// Reads one byte or throws `.truncated`.
    @inline(__always)
    mutating func readByte() throws(WireError) -> UInt8 {
        guard offset < bytes.count else { throw WireError(.truncated, "1-byte integer cut short") }
        let byte = bytes[offset]
        offset &+= 1
        return byte
    }

    /// Reads a big-endian `UInt64` or throws `.truncated`.
    @inline(__always)
    mutating func readUInt64() throws(WireError) -> UInt64 {
        guard remaining >= 8 else { throw WireError(.truncated, "8-byte integer cut short") }
        let value = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset &+= 8
        return value
    }

    /// Reads an unsigned LEB128 varint; strict like `ByteBuffer.readVarint()`.
    @inline(__always)
    mutating func readVarint() throws(WireError) -> UInt64 {
        if offset < bytes.count {
            let first = bytes[offset]
            if first < 0x80 {
                offset &+= 1
                return UInt64(first)
            }
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw WireError(.truncated, "varint cut short") }
            let byte = bytes[offset]
            offset &+= 1
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
    @inline(__always)
    mutating func readZigZag() throws(WireError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a count, refusing one over `limit`.
    @inline(__always)
    mutating func readCount(limit: Int) throws(WireError) -> Int {
        let raw = try readVarint()
        guard raw <= UInt64(limit) else { throw WireError(.malformedPayload, "count \(raw) over limit \(limit)") }
        return Int(raw)
    }

    /// Reads a string's length prefix and returns the range of its bytes, without decoding them.
    @inline(__always)
    mutating func readStringRange() throws(WireError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw WireError(.truncated, "string of \(length) bytes cut short") }
        let start = offset
        offset &+= Int(length)
        return start..<offset
    }

    /// Reads a length-prefixed UTF-8 string; refuses invalid UTF-8.
    @inline(__always)
    mutating func readString() throws(WireError) -> String {
        let range = try readStringRange()
        return try string(range)
    }

    /// The bytes of `range` (from `readStringRange`) as a string; refuses invalid UTF-8.
    @inline(__always)
    func string(_ range: Range<Int>) throws(WireError) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(to: UInt8.self)
        // ASCII is valid UTF-8; `String(decoding:)` is the specialised fast path (`String(validating:)` is generic).
        if isASCII(range) { return String(decoding: slice, as: UTF8.self) }
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw WireError(.malformedPayload, "string is not valid UTF-8")
        }
        return string
    }

    /// `true` when every byte of `range` is ASCII (so the bytes are valid UTF-8).
    @inline(__always)
    func isASCII(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] >= 0x80 { return false }
            index &+= 1
        }
        return true
    }

    /// `true` when the bytes of `left` sort strictly before those of `right` (byte-wise, shorter first on a tie).
    func bytesPrecede(_ left: Range<Int>, _ right: Range<Int>) -> Bool {
        let common = Swift.min(left.count, right.count)
        var index = 0
        while index < common {
            let a = bytes[left.lowerBound &+ index]
            let b = bytes[right.lowerBound &+ index]
            if a != b { return a < b }
            index &+= 1
        }
        return left.count < right.count
    }
}
