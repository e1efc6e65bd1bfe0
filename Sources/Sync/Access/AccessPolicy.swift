/// Decides what a presented token allows. The server's replica implements it over its token table.
public protocol AccessPolicy: Sendable {
    /// The access of a peer presenting `token` (or none). Throws a `SyncError` of code `.unauthorized` for a
    /// missing or unknown token when tokens are required.
    func access(forToken token: String?) throws -> Access
}

/// The policy of a server with no tokens: everyone may do everything.
public struct OpenAccessPolicy: AccessPolicy {
    /// Makes the policy.
    public init() {}

    public func access(forToken token: String?) throws -> Access { .open }
}
