public import NIOCore

/// `0x02 WELCOME`, server to client, the answer to an acceptable `Hello`: the version chosen and the
/// capabilities both sides now keep to.
public struct Welcome: WirePayload {
    /// The protocol version the session speaks.
    public var version: UInt16
    /// The server replica's site id.
    public var siteID: SiteID
    /// A human name for the server node, may be empty.
    public var nodeName: String
    /// The agreed capabilities (see `Capabilities.agreed(with:)`).
    public var capabilities: Capabilities
    /// The server's wall clock (Unix milliseconds) when it sent the WELCOME. On the wire only when `version` is at
    /// least `ProtocolVersion.wallClocks` (then `nil` is sent as 0); `nil` in a WELCOME decoded without it.
    public var wallClock: UInt64?

    /// Makes a welcome.
    public init(
        version: UInt16, siteID: SiteID, nodeName: String, capabilities: Capabilities, wallClock: UInt64? = nil
    ) {
        self.version = version
        self.siteID = siteID
        self.nodeName = nodeName
        self.capabilities = capabilities
        self.wallClock = wallClock
    }

    /// `true` when this WELCOME's layout ends with `wallClock` (its `version` is 2 or more).
    public var carriesWallClock: Bool { version >= ProtocolVersion.wallClocks }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(version, endianness: .big)
        siteID.write(to: &buffer)
        buffer.writeLengthPrefixedString(nodeName)
        capabilities.write(to: &buffer)
        if carriesWallClock { buffer.writeInteger(wallClock ?? 0, endianness: .big) }
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Welcome {
        var welcome = Welcome(
            version: try buffer.readFixed(),
            siteID: try SiteID.read(from: &buffer),
            nodeName: try buffer.readLengthPrefixedString(),
            capabilities: try Capabilities.read(from: &buffer)
        )
        if welcome.carriesWallClock { welcome.wallClock = try buffer.readFixed(UInt64.self) }
        return welcome
    }
}
