/// What a connected peer may do, decided once at the handshake.
public struct Access: Hashable, Sendable {
    /// `true` on a server with no tokens: everything is allowed (such a server listens on loopback only).
    public var isOpen: Bool
    /// The grants of the peer's token.
    public var grants: [AccessGrant]

    /// Everything allowed.
    public static let open = Access(isOpen: true, grants: [])

    /// Makes an access.
    public init(isOpen: Bool, grants: [AccessGrant]) {
        self.isOpen = isOpen
        self.grants = grants
    }

    /// May the peer see `dataset` (list it, pull it)?
    public func canRead(_ dataset: String) -> Bool {
        isOpen || grants.contains { $0.covers(dataset) }
    }

    /// May the peer push to `dataset` (and create it when missing)?
    public func canWrite(_ dataset: String) -> Bool {
        isOpen || grants.contains { $0.covers(dataset) && $0.canWrite }
    }
}
