public import Foundation

/// The body of `GET /api/status`: everything the status page shows. Field names and meanings are in
/// docs/operations.md; optional values are `null`, never left out.
public struct StatusReport: Encodable, Sendable {
    /// This server's node name (as sent in WELCOME).
    public var node: String
    /// This replica's site id, in hex.
    public var site: String
    /// `HOST:PORT` of the sync port, or `nil` when it is not listening.
    public var listening: String?
    /// When the report was made.
    public var generatedAt: Date
    /// Every dataset, sorted by name.
    public var datasets: [DatasetStatus]
    /// Peers connected now, oldest first.
    public var peers: [PeerStatus]
    /// The last finished transfers, newest first.
    public var transfers: [TransferStatus]
    /// Mirror jobs, by upstream URL.
    public var mirrors: [MirrorLagStatus]
    /// Access tokens, oldest first (revoked ones included).
    public var tokens: [TokenStatus]

    private enum CodingKeys: String, CodingKey {
        case node, site, listening, datasets, peers, transfers, mirrors, tokens
        case generatedAt = "generated_at"
    }

    /// The JSON of `/api/status`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(node, forKey: .node)
        try container.encode(site, forKey: .site)
        try container.encode(listening, forKey: .listening)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(datasets, forKey: .datasets)
        try container.encode(peers, forKey: .peers)
        try container.encode(transfers, forKey: .transfers)
        try container.encode(mirrors, forKey: .mirrors)
        try container.encode(tokens, forKey: .tokens)
    }

    /// The report as JSON (RFC 3339 dates in UTC, keys sorted).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
