import Wire

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

    /// Throws `forbidden` unless the peer may read `dataset`. The answer is the same whether the dataset exists
    /// or not, so a token learns nothing of the datasets it does not cover.
    public func requireRead(_ dataset: String) throws(SyncError) {
        guard canRead(dataset) else { throw SyncError(.forbidden, "this token does not allow dataset \(dataset)") }
    }

    /// Throws `forbidden` unless the peer may push to `dataset`: a read-only token is told so, any other token
    /// is told, as by `requireRead`, that it does not allow the dataset.
    public func requireWrite(_ dataset: String) throws(SyncError) {
        try requireRead(dataset)
        guard canWrite(dataset) else { throw SyncError(.forbidden, "this token may only read dataset \(dataset)") }
    }
}
