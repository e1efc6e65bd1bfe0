public import Foundation
import NIOCore
import PostgresNIO
public import Store

extension PostgresRecordStore {
    /// `true` once any token has been created, even if all are revoked or expired.
    public func hasTokens() async throws -> Bool {
        try await statement { connection in
            let rows = try await connection.query("SELECT EXISTS (SELECT 1 FROM tokens)", logger: logger)
            for try await exists in rows.decode(Bool.self) { return exists }
            return false
        }
    }

    /// Checks a token and, when it is granted, records its use: at most one write per token per
    /// `TokenSecret.useResolution` seconds, whichever server sees it (the condition is in the update itself).
    public func authorize(token: String) async throws -> TokenAuthorization {
        let hash = ByteBuffer(bytes: TokenSecret.hash(ofSecret: token))
        let now = nowSeconds()
        return try await statement { connection in
            let rows = try await connection.query(
                "SELECT dataset, scope, expires_at, last_used_at, revoked_at FROM tokens WHERE hash = \(hash)",
                logger: logger)
            var found: (String?, String, Int64?, Int64?, Int64?)?
            for try await row in rows.decode((String?, String, Int64?, Int64?, Int64?).self) { found = row }
            guard let (dataset, scopeName, expiresAt, lastUsed, revokedAt) = found, revokedAt == nil,
                let scope = TokenScope(rawValue: scopeName)
            else { return .revokedOrUnknown }
            if let expiresAt, expiresAt <= now { return .expired }
            if lastUsed.map({ now - $0 >= TokenSecret.useResolution }) ?? true {
                try await connection.query(
                    """
                    UPDATE tokens SET last_used_at = \(now)
                    WHERE hash = \(hash) AND (last_used_at IS NULL OR last_used_at <= \(now - TokenSecret.useResolution))
                    """, logger: logger)
            }
            return .granted(TokenGrant(dataset: dataset, scope: scope))
        }
    }

    /// Every token, oldest first.
    public func tokens() async throws -> [TokenInfo] {
        try await statement { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.tokenColumns) FROM tokens ORDER BY serial", logger: logger)
            var tokens: [TokenInfo] = []
            for try await row in rows { if let info = try Self.tokenInfo(row) { tokens.append(info) } }
            return tokens
        }
    }

    /// Creates a token (only its hash is stored). Throws `.invalidName` for a bad dataset name or label,
    /// `.labelTaken` when a token that is not revoked has the label. Token creation is serialised across servers
    /// (a table lock), so serials and default labels `token-N` are handed out once.
    public func createToken(dataset: String?, scope: TokenScope, label: String?, expires: Date?) async throws
        -> NewToken
    {
        if let dataset, !DatasetInfo.isValidName(dataset) {
            throw ReplicaError(.invalidName, "\"\(dataset)\" is not a dataset name")
        }
        if let label, !TokenSecret.isValidLabel(label) { throw TokenSecret.invalidLabel(label) }
        let secret = TokenSecret.generate()
        let hashData = TokenSecret.hash(ofSecret: secret)
        let hash = ByteBuffer(bytes: hashData)
        let id = TokenSecret.publicID(ofHash: hashData)
        let now = nowSeconds()
        let expiresAt = expires.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        let info = try await transaction(.write) { connection in
            try await connection.query("LOCK TABLE tokens IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let chosen: String
            if let label {
                chosen = label
            } else {
                chosen = try await defaultTokenLabel(on: connection)
            }
            if try await isTokenLabelInUse(chosen, on: connection) {
                throw ReplicaError(.labelTaken, "a token labelled \"\(chosen)\" exists: choose another --label")
            }
            try await connection.query(
                """
                INSERT INTO tokens (hash, id, label, scope, dataset, created_at, expires_at, serial)
                VALUES (\(hash), \(id), \(chosen), \(scope.rawValue), \(dataset), \(now), \(expiresAt),
                    (SELECT coalesce(max(serial), 0) + 1 FROM tokens))
                """, logger: logger)
            return TokenInfo(
                id: id, label: chosen, scope: scope, dataset: dataset,
                created: Date(timeIntervalSince1970: TimeInterval(now)),
                expires: expiresAt.map { Date(timeIntervalSince1970: TimeInterval($0)) }, lastUsed: nil, revoked: nil)
        }
        return NewToken(secret: secret, info: info)
    }

    /// Revokes the token whose id or label is `labelOrID`. Throws `.tokenNotFound`.
    public func revokeToken(_ labelOrID: String) async throws -> TokenInfo {
        let now = nowSeconds()
        return try await transaction(.write) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.tokenColumns) FROM tokens
                WHERE (id = \(labelOrID) OR label = \(labelOrID)) AND revoked_at IS NULL
                FOR UPDATE
                """, logger: logger)
            var found: TokenInfo?
            for try await row in rows { found = try Self.tokenInfo(row) }
            guard var info = found else {
                throw ReplicaError(
                    .tokenNotFound, "no token \"\(labelOrID)\" to revoke (tally token list shows labels and ids)")
            }
            try await connection.query("UPDATE tokens SET revoked_at = \(now) WHERE id = \(info.id)", logger: logger)
            info.revoked = Date(timeIntervalSince1970: TimeInterval(now))
            return info
        }
    }

    /// The first free `token-N`, counting from the number of tokens plus one.
    private func defaultTokenLabel(on connection: PostgresConnection) async throws -> String {
        var number = 0
        let rows = try await connection.query("SELECT count(*) FROM tokens", logger: logger)
        for try await count in rows.decode(Int64.self) { number = Int(count) }
        while true {
            number += 1
            let label = "token-\(number)"
            if try await !isTokenLabelInUse(label, on: connection) { return label }
        }
    }

    /// `true` when a token that is not revoked has `label`.
    private func isTokenLabelInUse(_ label: String, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM tokens WHERE label = \(label) AND revoked_at IS NULL)", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    /// The columns `tokenInfo(_:)` reads.
    private static let tokenColumns = "id, label, scope, dataset, created_at, expires_at, last_used_at, revoked_at"

    /// The token of a row of `tokenColumns`, or `nil` for an unknown scope.
    private static func tokenInfo(_ row: PostgresRow) throws -> TokenInfo? {
        let (id, label, scopeName, dataset, created, expires, lastUsed, revoked) = try row.decode(
            (String, String, String, String?, Int64, Int64?, Int64?, Int64?).self)
        guard let scope = TokenScope(rawValue: scopeName) else { return nil }
        let date = { (seconds: Int64?) in seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) } }
        return TokenInfo(
            id: id, label: label, scope: scope, dataset: dataset, created: date(created) ?? Date(),
            expires: date(expires), lastUsed: date(lastUsed), revoked: date(revoked))
    }
}
