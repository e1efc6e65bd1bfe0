public import NIOCore

extension SiteID: WirePayload {
    /// Writes the 16 bytes, big-endian.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(high, endianness: .big)
        buffer.writeInteger(low, endianness: .big)
    }

    /// Reads 16 bytes.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> SiteID {
        let high: UInt64 = try buffer.readFixed()
        let low: UInt64 = try buffer.readFixed()
        return SiteID(high: high, low: low)
    }
}
