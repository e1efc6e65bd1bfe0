/// The message-catalogue versions this implementation speaks (Protocol.md §9).
public enum ProtocolVersion {
    /// The highest version this implementation speaks: what a client offers as its `maxVersion`.
    public static let current: UInt16 = 2
    /// Every version this implementation speaks, as a client offers them in HELLO and a server accepts them.
    public static let supported: ClosedRange<UInt16> = 1...current
    /// The first version whose HELLO and WELCOME end with the sender's wall clock (Protocol.md §10.1, §10.2).
    public static let wallClocks: UInt16 = 2
}
