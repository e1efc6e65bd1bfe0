public import Store
public import Wire

/// Cuts record batches to what the receiving peer agreed to take (Protocol.md §8): the payload of every batch
/// fits `Capabilities.largestPayload` (so its frame fits `maxFrameSize` even uncompressed), whatever its record
/// count, and holds at most `preferred` records.
public struct BatchSizer: Sendable {
    /// The most payload bytes a batch may have.
    public let budget: Int
    /// The most records a batch holds.
    public let preferred: Int
    /// The rows the next read of the change feed asks for: `preferred`, less after a read that did not fit.
    public private(set) var limit: Int

    /// A sizer for batches sent under `capabilities` (the agreed ones), of at most `preferred` records.
    public init(capabilities: Capabilities, preferred: Int) {
        budget = capabilities.largestPayload
        self.preferred = max(1, preferred)
        limit = self.preferred
    }

    /// The payload size of a batch of `dataset` holding `records`.
    public static func payloadSize(dataset: String, records: some Collection<RecordState>) -> Int {
        RecordBatch.payloadSize(
            dataset: dataset, count: records.count, recordBytes: records.reduce(0) { $0 + $1.encodedSize })
    }

    /// The next slice of `dataset`'s change feed after `sequence` whose batch fits: a slice that does not is read
    /// again with fewer rows. Throws `limitExceeded` when one record alone does not fit.
    public mutating func readChanges(
        from store: any RecordStore, dataset: String, after sequence: UInt64, excluding peer: SiteID?
    ) async throws -> ChangeSlice {
        while true {
            let limit = self.limit
            let slice = try await store.readChanges(dataset: dataset, after: sequence, limit: limit, excluding: peer)
            let size = RecordBatch.payloadSize(
                dataset: dataset, count: slice.records.count, recordBytes: slice.records.byteCount)
            if size <= budget {
                if size * 2 <= budget { self.limit = min(preferred, limit * 2) }
                return slice
            }
            guard slice.records.count > 1 else { throw tooLarge(try slice.records.first(), dataset: dataset) }
            self.limit = max(1, min(slice.records.count / 2, limit * budget / size))
        }
    }

    /// `records` cut, in order, into consecutive batches that fit; no records is no batch. Throws
    /// `limitExceeded` when one record alone does not fit.
    public func batches(of records: [RecordState], dataset: String) throws(SyncError) -> [[RecordState]] {
        let fixed = RecordBatch.payloadSize(dataset: dataset, count: 0, recordBytes: 0)
        var batches: [[RecordState]] = []
        var current: [RecordState] = []
        var size = fixed
        for record in records {
            let bytes = record.encodedSize
            // The count varint grows by at most a few bytes; 10 is its widest.
            if !current.isEmpty, current.count == preferred || size + bytes + 10 > budget {
                batches.append(current)
                current = []
                size = fixed
            }
            guard fixed + bytes + 10 <= budget else { throw tooLarge(record, dataset: dataset) }
            current.append(record)
            size += bytes
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func tooLarge(_ record: RecordState?, dataset: String) -> SyncError {
        let what =
            record.map { "record \($0.id) of \(dataset) takes \($0.encodedSize) bytes" } ?? "a batch of \(dataset)"
        return SyncError(
            .limitExceeded,
            "\(what), more than the \(budget) bytes a frame may carry on this connection; "
                + "raise the server's --max-frame-size"
        )
    }
}
