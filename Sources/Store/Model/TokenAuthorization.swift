/// What the server's token table says about a token presented at a handshake.
public enum TokenAuthorization: Hashable, Sendable {
    /// A known, unexpired, unrevoked token, and what it allows.
    case granted(TokenGrant)
    /// A known token past its expiry.
    case expired
    /// A revoked token, or one that was never created here (the two are not told apart).
    case revokedOrUnknown
}
