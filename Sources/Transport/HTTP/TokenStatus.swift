public import Foundation
import Replica
public import Store

/// One access token, as `/api/status` lists it under `tokens`: never the secret or its hash.
public struct TokenStatus: Encodable, Hashable, Sendable {
    /// The public id (`tk_…`).
    public var id: String
    /// The operator's label.
    public var label: String
    /// `read` or `write`.
    public var scope: String
    /// The dataset, or `nil` for every dataset.
    public var dataset: String?
    /// When it was made.
    public var created: Date
    /// When it stops being accepted, or `nil` for never.
    public var expires: Date?
    /// The last handshake that used it (to the minute), or `nil`.
    public var lastUsed: Date?
    /// `active`, `expired` or `revoked`.
    public var status: String

    /// The status of `token` at `now`.
    public init(_ token: TokenInfo, at now: Date) {
        id = token.id
        label = token.label
        scope = token.scope.rawValue
        dataset = token.dataset
        created = token.created
        expires = token.expires
        lastUsed = token.lastUsed
        status = token.status(at: now).rawValue
    }

    private enum CodingKeys: String, CodingKey {
        case id, label, scope, dataset, created, expires, status
        case lastUsed = "last_used"
    }

    /// The JSON of `/api/status`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(label, forKey: .label)
        try container.encode(scope, forKey: .scope)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(created, forKey: .created)
        try container.encode(expires, forKey: .expires)
        try container.encode(lastUsed, forKey: .lastUsed)
        try container.encode(status, forKey: .status)
    }
}
