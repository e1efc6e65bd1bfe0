import Wire

/// Checks the batches of a bundle against its header and trailer, one batch at a time: each dataset's batches are
/// contiguous, numbered from 1, inside its range and in order, and end with `isLast` at the range's end.
struct BundleStructureCheck {
    private let ranges: [String: BundleDatasetRange]
    private var finished: Set<String> = []
    private var current: (name: String, number: UInt64, reached: UInt64)?
    private(set) var batchCount: UInt64 = 0
    private(set) var recordCount: UInt64 = 0

    init(header: BundleHeader) {
        ranges = Dictionary(header.datasets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `nil` when `batch` may come next, otherwise what is wrong with it.
    mutating func admit(_ batch: RecordBatch) -> String? {
        batchCount += 1
        recordCount += UInt64(batch.records.count)
        guard let range = ranges[batch.dataset] else {
            return "batch \(batchCount) is for \(batch.dataset), which the header does not list"
        }
        guard !finished.contains(batch.dataset) else { return "batch \(batchCount): \(batch.dataset) already ended" }
        var state = current ?? (batch.dataset, 0, range.after)
        guard state.name == batch.dataset else {
            return "batch \(batchCount): \(state.name) did not end before \(batch.dataset) began"
        }
        guard batch.batchNumber == state.number + 1 else {
            return "batch \(batchCount) of \(batch.dataset) is numbered \(batch.batchNumber), not \(state.number + 1)"
        }
        guard batch.cursor.epoch == range.epoch, batch.cursor.sequence >= state.reached,
            batch.cursor.sequence <= range.through
        else {
            return "batch \(batchCount) of \(batch.dataset) has cursor \(batch.cursor), outside its range"
        }
        state.number += 1
        state.reached = batch.cursor.sequence
        if batch.isLast {
            guard batch.cursor.sequence == range.through else {
                return "the last batch of \(batch.dataset) ends at \(batch.cursor.sequence), not \(range.through)"
            }
            finished.insert(batch.dataset)
            current = nil
        } else {
            current = state
        }
        return nil
    }

    /// `nil` when every dataset ended and the counts match the trailer.
    func finish(trailer: BundleTrailer) -> String? {
        if let missing = ranges.keys.sorted().first(where: { !finished.contains($0) }) {
            return "the batches of \(missing) do not end"
        }
        guard trailer.batchCount == batchCount, trailer.recordCount == recordCount else {
            return "the trailer counts \(trailer.batchCount) batches and \(trailer.recordCount) records, the file "
                + "holds \(batchCount) and \(recordCount)"
        }
        return nil
    }
}
