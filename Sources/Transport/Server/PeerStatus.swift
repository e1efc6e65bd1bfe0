public import Foundation

/// A peer connected to the server now, as `/api/status` lists it under `peers`.
public struct PeerStatus: Encodable, Hashable, Sendable {
    /// The node name the peer gave in HELLO.
    public var node: String
    /// The peer's site id, in hex.
    public var site: String
    /// The peer's address and port as the server sees it.
    public var address: String
    /// When it connected.
    public var since: Date
    /// The peer's wall clock minus the server's at its HELLO, in ms (positive: the peer is ahead); `nil` for a
    /// peer that speaks protocol version 1 and sends no clock.
    public var clockSkewMilliseconds: Int64?

    /// Makes a peer entry.
    public init(node: String, site: String, address: String, since: Date, clockSkewMilliseconds: Int64? = nil) {
        self.node = node
        self.site = site
        self.address = address
        self.since = since
        self.clockSkewMilliseconds = clockSkewMilliseconds
    }

    private enum CodingKeys: String, CodingKey {
        case node, site, address, since
        case clockSkewMilliseconds = "clock_skew_ms"
    }

    /// Encodes every member; `clock_skew_ms` is `null` for a version-1 peer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(node, forKey: .node)
        try container.encode(site, forKey: .site)
        try container.encode(address, forKey: .address)
        try container.encode(since, forKey: .since)
        try container.encode(clockSkewMilliseconds, forKey: .clockSkewMilliseconds)
    }
}
