public import NIOCore

/// Reads the 6-byte preamble at the start of a stream (Protocol.md, "Preamble").
public struct PreambleDecoder: Sendable {
    /// The frame-layer versions this side speaks.
    public var supported: ClosedRange<UInt16>

    /// Makes a decoder; by default it speaks only `Preamble.version`.
    public init(supported: ClosedRange<UInt16> = Preamble.version...Preamble.version) {
        self.supported = supported
    }

    /// Looks at the front of `buffer`; consumes the preamble only when the result is `.ok`.
    public func decode(_ buffer: inout ByteBuffer) -> PreambleResult {
        let available = min(buffer.readableBytes, Preamble.magic.count)
        for index in 0..<available
        where buffer.getInteger(at: buffer.readerIndex + index, as: UInt8.self) != Preamble.magic[index] {
            return .badMagic
        }
        guard let version = buffer.getInteger(at: buffer.readerIndex + 4, endianness: .big, as: UInt16.self) else {
            return .needMoreData
        }
        guard supported.contains(version) else { return .unsupportedVersion(version) }
        buffer.moveReaderIndex(forwardBy: Preamble.size)
        return .ok(version: version)
    }

    /// Like `decode(_:)`, with bad input as errors: `.badMagic` or `.unsupportedVersion`; `nil` means wait.
    public func decodeOrThrow(_ buffer: inout ByteBuffer) throws(WireError) -> UInt16? {
        switch decode(&buffer) {
        case .needMoreData:
            return nil
        case .ok(let version):
            return version
        case .badMagic:
            throw WireError(.badMagic, "the stream does not start with TALY")
        case .unsupportedVersion(let version):
            throw WireError(.unsupportedVersion, "frame-layer version \(version) not in \(supported)")
        }
    }
}
