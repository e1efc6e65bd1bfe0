import Wire

/// Decides what a presented token allows. The server's replica implements it over its token table.
public protocol AccessPolicy: Sendable {
    /// The access of a peer at `address` (its IP address, when known) presenting `token` (or none). Throws a
    /// `SyncError` of code `.unauthorized` for a missing, unknown, revoked or expired token when tokens are
    /// required; it may wait before throwing, to slow down an address that keeps presenting bad tokens.
    func access(forToken token: String?, from address: String?) async throws -> Access
}

/// The policy of a server with no tokens: everyone who presents no token may do everything. A presented token
/// is unknown here by definition, and is refused `unauthorized` (Protocol.md §9), so a client configured with a
/// token learns that it reached the wrong server instead of writing to it.
public struct OpenAccessPolicy: AccessPolicy {
    /// Makes the policy.
    public init() {}

    /// Everything, for anyone who sends no token; a token is refused, as this server has none.
    public func access(forToken token: String?, from address: String?) async throws -> Access {
        if let token, !token.isEmpty {
            throw SyncError(
                .unauthorized, "the token is not valid on this server (it has no tokens): connect without one")
        }
        return .open
    }
}
