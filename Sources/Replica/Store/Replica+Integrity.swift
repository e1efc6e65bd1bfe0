public import Store
import GRDB

extension Replica {
    /// SQLite's `PRAGMA integrity_check` over the store file: `["ok"]` when the file is sound.
    public func integrityCheck() throws(ReplicaError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
