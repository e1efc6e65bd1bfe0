public import Wire

extension RecordStore {
    /// Calls `body` with every live record of `dataset`, sorted by type, then id in byte order (the order of a
    /// replica's export), read `pageSize` at a time through `liveRecords`. Each page is its own read: a record
    /// written meanwhile is seen at its place once, as it was when its page was read.
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
