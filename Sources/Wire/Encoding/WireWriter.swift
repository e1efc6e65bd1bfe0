/// A forward cursor that writes the primitives of Protocol.md, "Primitives" into memory sized beforehand.
///
/// The record encoder's fast path: the caller measures the encoding (`size(of…)`), reserves that many bytes once,
/// then writes them with no capacity or ownership check per byte. Writing past the end is a programming error.
struct WireWriter {
    /// The memory written to.
    let bytes: UnsafeMutableRawBufferPointer
    /// How many bytes are written so far.
    private(set) var offset = 0

    /// Makes a writer at the start of `bytes`.
    init(_ bytes: UnsafeMutableRawBufferPointer) {
        self.bytes = bytes
    }

    /// The size of `value` as a varint.
    @inline(__always)
    static func size(ofVarint value: UInt64) -> Int {
        value < 0x80 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    /// The size of `string` with its length prefix.
    @inline(__always)
    static func size(ofString string: String) -> Int {
        let count = string.utf8.count
        return size(ofVarint: UInt64(count)) + count
    }

    /// Writes one byte.
    @inline(__always)
    mutating func writeByte(_ byte: UInt8) {
        precondition(offset < bytes.count, "WireWriter: encoding larger than measured")
        bytes[offset] = byte
        offset &+= 1
    }

    /// Writes a big-endian `UInt64`.
    @inline(__always)
    mutating func writeUInt64(_ value: UInt64) {
        precondition(bytes.count - offset >= 8, "WireWriter: encoding larger than measured")
        bytes.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt64.self)
        offset &+= 8
    }

    /// Writes an unsigned LEB128 varint.
    @inline(__always)
    mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        writeByte(UInt8(value))
    }

    /// Writes a zigzag varint.
    @inline(__always)
    mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a varint byte count, then the UTF-8 bytes of `string`.
    @inline(__always)
    mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            precondition(bytes.count - offset >= utf8.count, "WireWriter: encoding larger than measured")
            if let base = utf8.baseAddress {
                (bytes.baseAddress! + offset).copyMemory(from: base, byteCount: utf8.count)
            }
            offset &+= utf8.count
        }
    }
}
