import GRDB

/// The access tokens of a server's replica: only SHA-256 hashes are stored.
enum TokenTable {
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
}
