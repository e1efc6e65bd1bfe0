/// What one token allows: reading, or reading and writing, one dataset or all of them.
public struct AccessGrant: Hashable, Sendable {
    /// The dataset the grant is for; `nil` for every dataset (`--dataset '*'`).
    public var dataset: String?
    /// `true` for a write token (which may also read and create its dataset).
    public var canWrite: Bool

    /// Makes a grant.
    public init(dataset: String?, canWrite: Bool) {
        self.dataset = dataset
        self.canWrite = canWrite
    }

    /// `true` when the grant covers `name`.
    public func covers(_ name: String) -> Bool { dataset == nil || dataset == name }
}
