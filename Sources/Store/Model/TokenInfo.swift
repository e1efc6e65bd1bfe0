public import Foundation

/// One access token as `tally token list` and the server's status page show it: never the secret.
public struct TokenInfo: Hashable, Sendable {
    /// Where a token stands.
    public enum Status: String, Hashable, Sendable {
        /// Accepted at the handshake.
        case active
        /// Past its expiry: refused with "token expired".
        case expired
        /// Revoked with `tally token revoke`: refused as unknown.
        case revoked
    }

    /// The public id (`tk_` and 12 hex digits), derived from the token's hash; safe to show and to log.
    public var id: String
    /// The operator's name for the token, unique among the tokens not revoked (`token-N` by default).
    public var label: String
    /// Read or write.
    public var scope: TokenScope
    /// The dataset, or `nil` for every dataset (`--dataset '*'`).
    public var dataset: String?
    /// When the token was created (to the second).
    public var created: Date
    /// When the token stops being accepted, or `nil` for never.
    public var expires: Date?
    /// The last successful handshake with the token (to the minute), or `nil` if it was never used.
    public var lastUsed: Date?
    /// When the token was revoked, or `nil`.
    public var revoked: Date?

    /// Makes a token description.
    public init(
        id: String, label: String, scope: TokenScope, dataset: String?, created: Date, expires: Date?,
        lastUsed: Date?, revoked: Date?
    ) {
        self.id = id
        self.label = label
        self.scope = scope
        self.dataset = dataset
        self.created = created
        self.expires = expires
        self.lastUsed = lastUsed
        self.revoked = revoked
    }

    /// Where the token stands at `now`: revoked wins over expired.
    public func status(at now: Date) -> Status {
        if revoked != nil { return .revoked }
        if let expires, expires <= now { return .expired }
        return .active
    }
}
