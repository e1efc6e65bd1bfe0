public import Logging
public import Store
import Wire

/// Access decided by the server store's token table: open to clients without a token while no token was ever
/// created (a presented token is then refused, as any unknown token), otherwise every client must present a valid
/// token (not revoked, not expired), and sees only what its grant allows.
///
/// A refused token is logged (one line with the address and its count of bad attempts; past the first few of an
/// address, as often as `limiter` allows, with the count not logged since) and, from the second bad attempt of an
/// address on, answered only after the delay `limiter` computes (answers to one address come one at a time).
public struct StoreAccessPolicy: AccessPolicy {
    /// The server's store.
    public let store: any RecordStore
    /// Counts bad tokens per source address and says how long to wait before refusing.
    public let limiter: BadTokenLimiter
    private let logger: Logger

    /// Makes the policy.
    public init(
        store: any RecordStore, limiter: BadTokenLimiter = BadTokenLimiter(),
        logger: Logger = Logger(label: "tally.access")
    ) {
        self.store = store
        self.limiter = limiter
        self.logger = logger
    }

    /// What `token` may do, from the store's tokens; everything while the store has none.
    public func access(forToken token: String?, from address: String?) async throws -> Access {
        guard try await store.hasTokens() else {
            return try await OpenAccessPolicy().access(forToken: token, from: address)
        }
        guard let token, !token.isEmpty else {
            throw SyncError(.unauthorized, "this server requires a token (--token-file)")
        }
        switch try await store.authorize(token: token) {
        case .granted(let grant):
            return Access(isOpen: false, grants: [AccessGrant(dataset: grant.dataset, canWrite: grant.scope == .write)])
        case .expired:
            try await refuse("token expired: ask the server's operator for a new one", from: address)
        case .revokedOrUnknown:
            try await refuse("token revoked or unknown: ask the server's operator for a valid one", from: address)
        }
    }

    /// Logs the bad attempt, waits as long as the limiter says, then refuses with `message`.
    private func refuse(_ message: String, from address: String?) async throws -> Never {
        let source = address ?? "unknown"
        let verdict = limiter.recordFailure(from: source)
        if verdict.shouldLog {
            var metadata: Logger.Metadata = [
                "address": "\(source)", "count": "\(verdict.count)", "delay_ms": "\(verdict.delay.milliseconds)",
                "reason": "\(message.prefix { $0 != ":" })",
            ]
            if verdict.unlogged > 0 { metadata["unlogged"] = "\(verdict.unlogged)" }
            // The count is the group's (an IPv6 /64): say which.
            let group = AddressGroup.key(source)
            if group != source { metadata["group"] = "\(group)" }
            logger.warning("bad token", metadata: metadata)
        }
        if verdict.delay > .zero { try? await Task.sleep(for: verdict.delay) }
        throw SyncError(.unauthorized, message)
    }
}

extension Duration {
    /// Whole milliseconds.
    fileprivate var milliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
