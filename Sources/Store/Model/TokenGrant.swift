/// One stored token's permission: a dataset (or every dataset) and a scope.
public struct TokenGrant: Hashable, Sendable {
    /// The dataset, or `nil` for every dataset (`--dataset '*'`).
    public var dataset: String?
    /// Read or write.
    public var scope: TokenScope

    /// Makes a grant.
    public init(dataset: String?, scope: TokenScope) {
        self.dataset = dataset
        self.scope = scope
    }
}
