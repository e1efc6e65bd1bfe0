public import NIOCore

/// The 6 bytes each side sends first: the magic `TALY` (`54 41 4C 59`) and the frame-layer version, UInt16
/// big-endian (Protocol.md, "Preamble").
public enum Preamble {
    /// `TALY`.
    public static let magic: [UInt8] = [0x54, 0x41, 0x4C, 0x59]
    /// The frame-layer version this implementation speaks.
    public static let version: UInt16 = 1
    /// Preamble length in bytes.
    public static let size = 6

    /// Appends a preamble announcing `version`.
    public static func write(version: UInt16 = Preamble.version, to buffer: inout ByteBuffer) {
        buffer.writeBytes(magic)
        buffer.writeInteger(version, endianness: .big)
    }

    /// The preamble of `version` as bytes.
    public static func bytes(version: UInt16 = Preamble.version) -> [UInt8] {
        magic + [UInt8(version >> 8), UInt8(truncatingIfNeeded: version)]
    }
}
