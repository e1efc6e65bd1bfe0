import Wire

/// What the two ends of one connection agreed in `WELCOME` (Protocol.md §8, §9), shared by the connection's
/// decoder and encoder. The server's encoder records it as it sends WELCOME, the client's decoder as it
/// receives it; from the next frame on both directions keep to it.
///
/// Until then frames are sent uncompressed, and what is received is held to `FrameLimits.handshakeSize`
/// (whatever larger limits the side has) with a compressed frame refused.
/// Used on the connection's event loop only.
final class ConnectionAgreement {
    /// The agreed capabilities, once WELCOME has passed.
    private(set) var capabilities: Capabilities?
    /// The agreed protocol version, once WELCOME has passed.
    private(set) var version: UInt16 = 1

    /// Records what the WELCOME that passed agreed: its capabilities and protocol version.
    func agree(_ capabilities: Capabilities, version: UInt16) {
        self.capabilities = capabilities
        self.version = version
    }

    /// The frame layer for what this side receives: its own `limits`, narrowed to the agreed ones, and zlib only
    /// when agreed, `RECORD_COLUMNS` from version 3 on; before WELCOME, narrowed to `FrameLimits.handshakeSize` without zlib.
    func frameDecoder(limits: FrameLimits) -> FrameDecoder {
        guard let capabilities else {
            return FrameDecoder(
                maxFrameSize: min(limits.maxFrameSize, FrameLimits.handshakeSize),
                maxDecompressedSize: min(limits.maxDecompressedSize, FrameLimits.handshakeSize),
                acceptsCompression: false
            )
        }
        return FrameDecoder(
            maxFrameSize: min(limits.maxFrameSize, capabilities.maxFrameSize),
            maxDecompressedSize: min(limits.maxDecompressedSize, capabilities.maxDecompressedSize),
            acceptsCompression: capabilities.compression.contains(.zlib),
            acceptsRecordColumns: version >= ProtocolVersion.recordColumns
        )
    }

    /// The frame layer for what this side sends: the agreed limits and compression, or, before WELCOME, the
    /// default limits without compression.
    var frameEncoder: FrameEncoder {
        guard let capabilities else { return FrameEncoder(allowsCompression: false) }
        return FrameEncoder(agreed: capabilities, version: version)
    }
}
