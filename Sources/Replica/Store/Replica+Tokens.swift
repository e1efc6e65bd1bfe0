public import Store
public import Foundation
import GRDB

extension Replica {
    /// Creates a token with only its SHA-256 stored. The token itself (32 random bytes, printed as `tly_` and
    /// 64 hex digits) is returned once and never stored.
    public func createToken(dataset: String?, scope: TokenScope) throws(ReplicaError) -> String {
        try createToken(dataset: dataset, scope: scope, label: nil, expires: nil).secret
    }

    /// Creates a token for `dataset` (`nil`: every dataset) labelled `label` (`token-N` when `nil`) that is
    /// refused from `expires` on (`nil`: never). Throws `.invalidName` for a bad dataset name or label,
    /// `.labelTaken` when a token that is not revoked has the label.
    public func createToken(dataset: String?, scope: TokenScope, label: String?, expires: Date?)
        throws(ReplicaError) -> NewToken
    {
        if let dataset, !DatasetInfo.isValidName(dataset) {
            throw ReplicaError(.invalidName, "\"\(dataset)\" is not a dataset name")
        }
        if let label, !TokenSecret.isValidLabel(label) { throw TokenSecret.invalidLabel(label) }
        let secret = TokenSecret.generate()
        let hash = TokenSecret.hash(ofSecret: secret)
        let now = nowSeconds()
        let expiresAt = expires.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        let info = try write { db -> TokenInfo in
            let chosen = try label ?? Replica.defaultTokenLabel(db)
            if try Replica.isTokenLabelInUse(chosen, db) {
                throw ReplicaError(.labelTaken, "a token labelled \"\(chosen)\" exists: choose another --label")
            }
            try db.execute(
                sql: """
                    INSERT INTO tokens (hash, dataset, scope, created_at, id, label, expires_at, serial)
                    VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(serial), 0) + 1 FROM tokens))
                    """,
                arguments: [hash, dataset, scope.rawValue, now, TokenSecret.publicID(ofHash: hash), chosen, expiresAt]
            )
            return TokenInfo(
                id: TokenSecret.publicID(ofHash: hash), label: chosen, scope: scope, dataset: dataset,
                created: Date(timeIntervalSince1970: TimeInterval(now)),
                expires: expiresAt.map { Date(timeIntervalSince1970: TimeInterval($0)) }, lastUsed: nil, revoked: nil
            )
        }
        return NewToken(secret: secret, info: info)
    }

    /// Every token, revoked ones included, oldest first. Never the secrets or their hashes.
    public func tokens() throws(ReplicaError) -> [TokenInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(TokenTable.infoColumns) FROM tokens ORDER BY serial")
                .compactMap(TokenTable.info)
        }
    }

    /// Revokes the token whose id or label is `labelOrID`: it is refused from the next handshake on. Throws
    /// `.tokenNotFound` when no token that is not revoked has that id or label. Returns the revoked token.
    @discardableResult
    public func revokeToken(_ labelOrID: String) throws(ReplicaError) -> TokenInfo {
        let now = nowSeconds()
        return try write { db in
            let sql = """
                SELECT \(TokenTable.infoColumns) FROM tokens
                WHERE (id = ? OR label = ?) AND revoked_at IS NULL
                """
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [labelOrID, labelOrID]),
                var info = TokenTable.info(row)
            else {
                throw ReplicaError(
                    .tokenNotFound, "no token \"\(labelOrID)\" to revoke (tally token list shows labels and ids)"
                )
            }
            try db.execute(sql: "UPDATE tokens SET revoked_at = ? WHERE id = ?", arguments: [now, info.id])
            info.revoked = Date(timeIntervalSince1970: TimeInterval(now))
            return info
        }
    }

    /// `true` once any token has been created, even if all are revoked or expired: then every client must
    /// present a valid one (revoking the last token never opens the server).
    public func hasTokens() throws(ReplicaError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tokens)") ?? false }
    }

    /// Checks a token presented at a handshake and, when it is granted, records its use (at most one write
    /// per token per `TokenSecret.useResolution` seconds).
    public func authorize(token: String) throws(ReplicaError) -> TokenAuthorization {
        let hash = TokenSecret.hash(ofSecret: token)
        let now = nowSeconds()
        let sql = "SELECT dataset, scope, expires_at, last_used_at, revoked_at FROM tokens WHERE hash = ?"
        let found = try read { db in try Row.fetchOne(db, sql: sql, arguments: [hash]) }
        guard let row = found, row["revoked_at"] as Int64? == nil, let scope = TokenScope(rawValue: row["scope"])
        else { return .revokedOrUnknown }
        if let expiresAt = row["expires_at"] as Int64?, expiresAt <= now { return .expired }
        let lastUsed = row["last_used_at"] as Int64?
        if lastUsed.map({ now - $0 >= TokenSecret.useResolution }) ?? true {
            let update = """
                UPDATE tokens SET last_used_at = ? WHERE hash = ? AND (last_used_at IS NULL OR last_used_at < ?)
                """
            try write { db in try db.execute(sql: update, arguments: [now, hash, now]) }
        }
        return .granted(TokenGrant(dataset: row["dataset"], scope: scope))
    }

    /// The first free `token-N`, counting from the number of tokens plus one.
    private static func defaultTokenLabel(_ db: Database) throws -> String {
        var number = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tokens") ?? 0
        while true {
            number += 1
            let label = "token-\(number)"
            if try !isTokenLabelInUse(label, db) { return label }
        }
    }

    /// `true` when a token that is not revoked has `label`.
    private static func isTokenLabelInUse(_ label: String, _ db: Database) throws -> Bool {
        let sql = "SELECT EXISTS (SELECT 1 FROM tokens WHERE label = ? AND revoked_at IS NULL)"
        return try Bool.fetchOne(db, sql: sql, arguments: [label]) ?? false
    }

    /// The wall clock in Unix seconds (the replica's injectable clock).
    private func nowSeconds() -> Int64 { Int64(options.wallClock.milliseconds() / 1_000) }
}
