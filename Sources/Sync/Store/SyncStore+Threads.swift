extension SyncStore {
    /// Runs `body` with this store on a reader thread of `StoreThreads.shared` (never on the cooperative pool).
    func reading<T: Sendable>(_ body: @escaping @Sendable (any SyncStore) throws -> T) async throws -> T {
        try await StoreThreads.shared.read { try body(self) }
    }

    /// Runs `body` with this store on the writer thread of `StoreThreads.shared` (never on the cooperative pool).
    func writing<T: Sendable>(_ body: @escaping @Sendable (any SyncStore) throws -> T) async throws -> T {
        try await StoreThreads.shared.write { try body(self) }
    }
}
