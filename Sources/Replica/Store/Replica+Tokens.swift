import Crypto
import Foundation
import GRDB

extension Replica {
    /// Creates a random token (32 bytes, printed as `tly_` and 64 hex digits) for `dataset` (`nil`: all) and
    /// stores only its SHA-256. The token itself is returned once and never stored.
    public func createToken(dataset: String?, scope: TokenScope) throws(ReplicaError) -> String {
        if let dataset, !DatasetInfo.isValidName(dataset) {
            throw ReplicaError(.invalidName, "\"\(dataset)\" is not a dataset name")
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "tly_" + secret.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
        let hash = Data(SHA256.hash(data: Data(token.utf8)))
        try write { db in
            try db.execute(
                sql: "INSERT INTO tokens (hash, dataset, scope, created_at) VALUES (?, ?, ?, ?)",
                arguments: [hash, dataset, scope.rawValue, Int64(Date().timeIntervalSince1970)]
            )
        }
        return token
    }

    /// `true` once any token exists: then every client must present one.
    public func hasTokens() throws(ReplicaError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tokens)") ?? false }
    }

    /// The grant of `token`, or `nil` when no stored hash matches.
    public func grant(forToken token: String) throws(ReplicaError) -> TokenGrant? {
        let hash = Data(SHA256.hash(data: Data(token.utf8)))
        return try read { db in
            let sql = "SELECT dataset, scope FROM tokens WHERE hash = ?"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [hash]) else { return nil }
            guard let scope = TokenScope(rawValue: row["scope"]) else { return nil }
            return TokenGrant(dataset: row["dataset"], scope: scope)
        }
    }
}
