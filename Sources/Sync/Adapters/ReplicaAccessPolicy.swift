public import Replica
import Wire

/// Access decided by the server replica's token table: open to clients without a token while no token exists
/// (a token is then refused, as any unknown token), otherwise every client must present a known token, and
/// sees only what its grant allows.
public struct ReplicaAccessPolicy: AccessPolicy {
    /// The server's replica.
    public let replica: Replica

    /// Makes the policy.
    public init(replica: Replica) {
        self.replica = replica
    }

    public func access(forToken token: String?) throws -> Access {
        guard try replica.hasTokens() else { return try OpenAccessPolicy().access(forToken: token) }
        guard let token, !token.isEmpty else {
            throw SyncError(.unauthorized, "this server requires a token (--token-file)")
        }
        guard let grant = try replica.grant(forToken: token) else {
            throw SyncError(.unauthorized, "the token is not valid on this server")
        }
        return Access(isOpen: false, grants: [AccessGrant(dataset: grant.dataset, canWrite: grant.scope == .write)])
    }
}
