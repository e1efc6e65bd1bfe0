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

    /// Makes a peer entry.
    public init(node: String, site: String, address: String, since: Date) {
        self.node = node
        self.site = site
        self.address = address
        self.since = since
    }
}
