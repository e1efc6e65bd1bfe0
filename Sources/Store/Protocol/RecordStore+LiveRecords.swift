public import Wire

extension RecordStore {
    /// Calls `body` with every live record of `dataset`, sorted by type, then id in byte order (the order of a
    /// replica's export), read `pageSize` at a time through `liveRecords`. Each page is its own read of a store
    /// that may be written meanwhile: every record is read at most once, as its page found it (one created or
    /// deleted meanwhile may or may not be among them).
    public func forEachLiveRecord(
        dataset: String, pageSize: Int = 2_000, _ body: (RecordState) throws -> Void
    ) async throws {
        for type in RecordType.allCases.sorted() {
            var after: String?
            while true {
                let page = try await liveRecords(dataset: dataset, type: type, after: after, limit: pageSize)
                for state in page { try body(state) }
                guard page.count == pageSize, let last = page.last else { break }
                after = last.id
            }
        }
    }
}
