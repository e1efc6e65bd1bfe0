import Store
import Foundation
import GRDB

/// The access tokens of a server's replica: only SHA-256 hashes are stored, with the operator's label, the
/// expiry, the last use and the revocation time (Unix seconds).
///
/// Revoked tokens stay in the table: they keep the server closed (a server that has ever had a token keeps
/// requiring one) and keep their place in `tally token list`.
enum TokenTable {
    /// v2: the first token table.
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE tokens (
                    hash BLOB PRIMARY KEY,
                    dataset TEXT,
                    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """
        )
    }

    /// v5: ids, labels, expiry, last use, revocation, and `serial` (the order of creation, 1, 2, ...). Tokens
    /// made before get their id, their serial and the labels `token-1`, `token-2`, ... in the order they were
    /// created.
    static func addManagement(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE tokens ADD COLUMN id TEXT;
                ALTER TABLE tokens ADD COLUMN label TEXT;
                ALTER TABLE tokens ADD COLUMN expires_at INTEGER;
                ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;
                ALTER TABLE tokens ADD COLUMN revoked_at INTEGER;
                ALTER TABLE tokens ADD COLUMN serial INTEGER;
                """
        )
        let hashes = try Data.fetchAll(db, sql: "SELECT hash FROM tokens ORDER BY created_at, hash")
        for (index, hash) in hashes.enumerated() {
            try db.execute(
                sql: "UPDATE tokens SET id = ?, label = ?, serial = ? WHERE hash = ?",
                arguments: [TokenSecret.publicID(ofHash: hash), "token-\(index + 1)", index + 1, hash]
            )
        }
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX tokens_by_id ON tokens(id);
                CREATE UNIQUE INDEX tokens_by_label ON tokens(label) WHERE revoked_at IS NULL;
                """
        )
    }

    /// The columns `info(_:)` reads.
    static let infoColumns = "id, label, scope, dataset, created_at, expires_at, last_used_at, revoked_at"

    /// The token of a row of `infoColumns`.
    static func info(_ row: Row) -> TokenInfo? {
        guard let scope = TokenScope(rawValue: row["scope"]) else { return nil }
        let date = { (column: String) -> Date? in
            (row[column] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        return TokenInfo(
            id: row["id"], label: row["label"], scope: scope, dataset: row["dataset"],
            created: date("created_at") ?? Date(timeIntervalSince1970: 0), expires: date("expires_at"),
            lastUsed: date("last_used_at"), revoked: date("revoked_at")
        )
    }
}
