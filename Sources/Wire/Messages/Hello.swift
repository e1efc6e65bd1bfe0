public import NIOCore

/// `0x01 HELLO`, client to server, the first frame after the preamble: who the client is, which protocol
/// versions it speaks and what it can take.
public struct Hello: WirePayload {
    /// The lowest protocol version the client speaks.
    public var minVersion: UInt16
    /// The highest protocol version the client speaks (`>= minVersion`).
    public var maxVersion: UInt16
    /// The client replica's site id.
    public var siteID: SiteID
    /// A human name for the client node (for logs), may be empty.
    public var nodeName: String
    /// What the client can take.
    public var capabilities: Capabilities
    /// The access token, if the client has one.
    public var token: String?
    /// The client's wall clock (Unix milliseconds) when it sent the HELLO. On the wire only when `maxVersion` is
    /// at least `ProtocolVersion.wallClocks` (then `nil` is sent as 0); `nil` in a HELLO decoded without it.
    public var wallClock: UInt64?

    /// Makes a hello.
    public init(
        minVersion: UInt16,
        maxVersion: UInt16,
        siteID: SiteID,
        nodeName: String,
        capabilities: Capabilities,
        token: String?,
        wallClock: UInt64? = nil
    ) {
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.siteID = siteID
        self.nodeName = nodeName
        self.capabilities = capabilities
        self.token = token
        self.wallClock = wallClock
    }

    /// `true` when this HELLO's layout ends with `wallClock` (its `maxVersion` is 2 or more).
    public var carriesWallClock: Bool { maxVersion >= ProtocolVersion.wallClocks }

    /// The highest version both the client's range and `supported` contain, or `nil`.
    public func negotiatedVersion(supported: ClosedRange<UInt16>) -> UInt16? {
        let high = min(maxVersion, supported.upperBound)
        return high >= max(minVersion, supported.lowerBound) ? high : nil
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(minVersion, endianness: .big)
        buffer.writeInteger(maxVersion, endianness: .big)
        siteID.write(to: &buffer)
        buffer.writeLengthPrefixedString(nodeName)
        capabilities.write(to: &buffer)
        buffer.writeOptionalString(token)
        if carriesWallClock { buffer.writeInteger(wallClock ?? 0, endianness: .big) }
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Hello {
        let minVersion: UInt16 = try buffer.readFixed()
        let maxVersion: UInt16 = try buffer.readFixed()
        guard minVersion <= maxVersion else {
            throw WireError(.malformedPayload, "hello: version range \(minVersion)...\(maxVersion) is empty")
        }
        var hello = Hello(
            minVersion: minVersion,
            maxVersion: maxVersion,
            siteID: try SiteID.read(from: &buffer),
            nodeName: try buffer.readLengthPrefixedString(),
            capabilities: try Capabilities.read(from: &buffer),
            token: try buffer.readOptionalString()
        )
        if hello.carriesWallClock { hello.wallClock = try buffer.readFixed(UInt64.self) }
        return hello
    }
}
