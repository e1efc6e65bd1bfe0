/// One numbered step of the PostgreSQL schema: statements run in one transaction, recorded in
/// `tally_migrations` with its version and name.
struct PostgresMigration: Sendable {
    /// The version the schema has after this step (1, 2, …, in order).
    var version: Int32
    /// A short name, kept in `tally_migrations`.
    var name: String
    /// The statements, one per element (the extended query protocol runs one statement at a time).
    var statements: [String]
}
