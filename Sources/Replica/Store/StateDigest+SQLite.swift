import GRDB
import GRDBSQLite
import Store

extension StateDigest {
    /// Binds the 16 bytes to parameter `index` of `statement` (SQLite copies them).
    func bind(to statement: SQLiteStatement, at index: Int32) {
        var raw = (high, low)
        withUnsafeBytes(of: &raw) { buffer in
            _ = sqlite3_bind_blob(statement, index, buffer.baseAddress, 16, transient)
        }
    }
}
