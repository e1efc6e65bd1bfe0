import Synchronization

/// The bytes of incoming frames that all the connections of one server may hold at once (Protocol.md §8,
/// `tally serve --max-buffered-bytes`).
///
/// A connection reserves a frame's whole length as soon as its length prefix arrives, before the payload is
/// buffered, and gives it back once the frame is whole (decoded) or the connection ends. A frame that does not fit
/// is refused: the peer is told `busy` (retryable) and closed. Until WELCOME a frame is at most
/// `FrameLimits.handshakeSize`, so connections that have not authenticated hold at most that much each.
public final class FrameMemoryBudget: Sendable {
    /// The most bytes reserved at once.
    public let limit: Int
    private let reserved = Mutex(0)

    /// Makes a budget of `limit` bytes.
    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Bytes reserved now.
    public var bytesReserved: Int { reserved.withLock { $0 } }

    /// Reserves `bytes` if they fit; `false` (and nothing reserved) if they do not.
    func reserve(_ bytes: Int) -> Bool {
        reserved.withLock { reserved in
            guard bytes <= limit - reserved else { return false }
            reserved += bytes
            return true
        }
    }

    /// Gives back `bytes` reserved earlier.
    func release(_ bytes: Int) {
        reserved.withLock { $0 = max(0, $0 - bytes) }
    }
}
