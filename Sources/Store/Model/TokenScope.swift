/// What a token allows on its dataset(s).
public enum TokenScope: String, Sendable, CaseIterable {
    /// List and pull.
    case read
    /// List, pull, push, and create the dataset on first push.
    case write
}
