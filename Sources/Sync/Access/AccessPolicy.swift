/// Decides what a presented token allows. The server's replica implements it over its token table.
public protocol AccessPolicy: Sendable {
    /// The access of a peer at `address` (its IP address, when known) presenting `token` (or none). Throws a
    /// `SyncError` of code `.unauthorized` for a missing, unknown, revoked or expired token when tokens are
    /// required; it may wait before throwing, to slow down an address that keeps presenting bad tokens.
    func access(forToken token: String?, from address: String?) async throws -> Access
}

/// The policy of a server with no tokens: everyone may do everything.
public struct OpenAccessPolicy: AccessPolicy {
    /// Makes the policy.
    public init() {}

    public func access(forToken token: String?, from address: String?) async throws -> Access { .open }
}
