/// A token just created: the secret, shown once and never stored, and its description.
public struct NewToken: Hashable, Sendable {
    /// The secret the client presents (`tly_` and 64 hex digits).
    public var secret: String
    /// The token as it is listed from now on.
    public var info: TokenInfo

    /// Makes a new token's result.
    public init(secret: String, info: TokenInfo) {
        self.secret = secret
        self.info = info
    }
}
