public import Foundation

/// One finished transfer of one dataset with a peer, as `/api/status` lists it under `transfers`.
public struct TransferStatus: Encodable, Hashable, Sendable {
    /// Which way records went, named by what the peer did.
    public enum Direction: String, Encodable, Hashable, Sendable {
        /// The peer pulled: the server sent records.
        case pull
        /// The peer pushed: the server received records.
        case push
    }

    /// The peer's node name (from HELLO; empty if it never said HELLO).
    public var peer: String
    /// The peer's site id, in hex.
    public var site: String
    /// The peer's address and port.
    public var address: String
    /// The dataset.
    public var dataset: String
    /// Pull or push.
    public var direction: Direction
    /// Records moved: sent for a pull, received for a push.
    public var records: Int = 0
    /// Received records that changed the server's replica (0 for a pull).
    public var applied: Int = 0
    /// Records that gained a conflict on the server (0 for a pull).
    public var conflicts: Int = 0
    /// Bytes on the connection in both directions while the transfer ran.
    public var bytes: Int = 0
    /// When it began.
    public var started: Date
    /// How long it took, in milliseconds.
    public var durationMilliseconds: Int = 0
    /// The error that ended it, or `nil` when it completed.
    public var error: String?

    /// Makes a transfer entry that has just begun.
    public init(peer: String, site: String, address: String, dataset: String, direction: Direction, started: Date) {
        self.peer = peer
        self.site = site
        self.address = address
        self.dataset = dataset
        self.direction = direction
        self.started = started
    }

    /// `"ok"` when it completed, `"error"` when not.
    public var result: String { error == nil ? "ok" : "error" }

    private enum CodingKeys: String, CodingKey {
        case peer, site, address, dataset, direction, records, applied, conflicts, bytes, started, result, error
        case durationMilliseconds = "duration_ms"
    }

    /// The JSON of `/api/status`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(peer, forKey: .peer)
        try container.encode(site, forKey: .site)
        try container.encode(address, forKey: .address)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(direction, forKey: .direction)
        try container.encode(records, forKey: .records)
        try container.encode(applied, forKey: .applied)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(started, forKey: .started)
        try container.encode(durationMilliseconds, forKey: .durationMilliseconds)
        try container.encode(result, forKey: .result)
        try container.encode(error, forKey: .error)
    }
}
