public import Foundation
public import Wire

/// What a handshake taught about a peer's wall clock: the clock it sent and this machine's at receipt.
public struct PeerClock: Hashable, Sendable {
    /// The peer's site id.
    public var peer: SiteID
    /// The peer's wall clock (Unix ms) as it sent it in HELLO or WELCOME.
    public var peerClock: UInt64
    /// This machine's wall clock (Unix ms) when the message arrived.
    public var localClock: UInt64

    /// Makes a measurement.
    public init(peer: SiteID, peerClock: UInt64, localClock: UInt64) {
        self.peer = peer
        self.peerClock = peerClock
        self.localClock = localClock
    }

    /// `peerClock − localClock` in ms: positive when the peer's clock is ahead of this machine's.
    public var skew: Int64 { ClockSkew.skew(peerClock: peerClock, localClock: localClock) }

    /// When the measurement was made, by this machine's clock.
    public var measuredAt: Date { Date(timeIntervalSince1970: Double(localClock) / 1_000) }
}
