import Logging
import PostgresNIO

/// One transaction on one connection: `BEGIN`, the body, `COMMIT`; `ROLLBACK` when the body throws, so a call
/// that throws has changed nothing. The body's error comes out as it was thrown (not wrapped), for
/// `PostgresFailure` to say.
enum PostgresTransaction {
    /// How a transaction sees the database.
    enum Mode {
        /// Read committed (each statement sees what was committed when it started), with row locks for what must
        /// be serialised: every write.
        case write
        /// One snapshot for every statement, and no writes: the reads that take more than one statement.
        case snapshot
    }

    /// Runs `body` in a transaction of `mode` on `connection`.
    nonisolated(nonsending) static func run<T>(
        on connection: PostgresConnection,
        mode: Mode,
        logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        switch mode {
        case .write: try await connection.query("BEGIN", logger: logger)
        case .snapshot: try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
        }
        do {
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            // After a failed COMMIT the server has ended the transaction already; the ROLLBACK is then a no-op.
            // On a connection that is gone there is nothing to roll back (the server did), and PostgresNIO may
            // never answer a statement written to it.
            if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: logger) }
            throw error
        }
    }
}
