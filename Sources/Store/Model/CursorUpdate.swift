public import Wire

/// A peer cursor to save in the same transaction as the records it covers.
public struct CursorUpdate: Hashable, Sendable {
    /// The peer.
    public var peer: SiteID
    /// Which feed the cursor is a position in.
    public var direction: FeedDirection
    /// The new position.
    public var cursor: FeedCursor

    /// Makes a cursor update.
    public init(peer: SiteID, direction: FeedDirection, cursor: FeedCursor) {
        self.peer = peer
        self.direction = direction
        self.cursor = cursor
    }
}
