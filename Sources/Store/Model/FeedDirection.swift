/// Which way a peer cursor points: what we pulled from the peer, or what the peer acknowledged of our pushes.
public enum FeedDirection: UInt8, Sendable, CaseIterable {
    /// Our position in the peer's feed.
    case pull = 1
    /// The peer's acknowledged position in our feed.
    case push = 2
}
