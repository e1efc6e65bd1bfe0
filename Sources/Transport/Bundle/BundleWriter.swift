import Foundation
import NIOCore
public import Store
public import Wire

/// Writes bundle files: the frames a network sync would send, to a file (Protocol.md, "Bundles").
///
/// The file is written under a temporary name in the same directory and renamed into place once complete, so a
/// reader never sees half a bundle under the final name.
public struct BundleWriter: Sendable {
    /// The store whose changes are written.
    public let store: any RecordStore
    /// Records per record batch frame.
    public var batchSize: Int
    /// The bundle format version to write (`BundleFormat.versions`): the current one by default, 1 for a reader
    /// that knows only version 1 (its batches are then `RECORD_BATCH` frames, larger).
    public var formatVersion: UInt16 = BundleFormat.version
    /// Called with (dataset, records written so far, records in the dataset's range or 0) after each batch.
    public var progress: (@Sendable (String, UInt64, UInt64) -> Void)?

    /// Makes a writer.
    public init(store: any RecordStore, batchSize: Int = BundleFormat.batchSize) {
        self.store = store
        self.batchSize = max(1, batchSize)
    }

    /// Writes a bundle of `datasets` (every dataset when empty) to `path`.
    ///
    /// With a `target`, only changes after what the target is known to hold are written: after its acknowledged
    /// position in our feed (from bundles it sent back) and leaving out states that came from it unchanged.
    /// Without one, every change is written. Throws `TransportError` (`.badBundle` for an unknown dataset,
    /// `.file` when the file cannot be written) or `ReplicaError`.
    @discardableResult
    public func write(to path: String, datasets names: [String] = [], target: SiteID? = nil) async throws
        -> BundleSummary
    {
        let all = try await store.datasets()
        for name in names where !all.contains(where: { $0.name == name }) {
            throw TransportError(.badBundle, "no dataset \(name) here")
        }
        let chosen = names.isEmpty ? all : all.filter { names.contains($0.name) }
        var ranges: [BundleDatasetRange] = []
        for info in chosen {
            var after: UInt64 = 0
            var held: FeedCursor?
            if let target {
                if let acknowledged = try await store.cursor(peer: target, dataset: info.name, direction: .push),
                    acknowledged.epoch == info.epoch, acknowledged.sequence <= info.sequence
                {
                    after = acknowledged.sequence
                }
                held = try await store.cursor(peer: target, dataset: info.name, direction: .pull)
            }
            ranges.append(
                BundleDatasetRange(
                    name: info.name, kind: info.kind, epoch: info.epoch, after: after, through: info.sequence,
                    heldOfTarget: held
                )
            )
        }
        let header = BundleHeader(
            formatVersion: formatVersion, creator: store.siteID, createdAt: try await store.lastClock(), target: target,
            datasets: ranges
        )
        let output = try BundleOutput(path: path)
        do {
            var buffer = ByteBuffer()
            Preamble.write(to: &buffer)
            var headerPayload = ByteBuffer()
            header.write(to: &headerPayload)
            buffer.writeBytes(BundleFormat.headerMagic)
            buffer.writeInteger(UInt32(headerPayload.readableBytes), endianness: .big)
            buffer.writeBuffer(&headerPayload)
            try output.write(&buffer)
            let encoder = BundleFormat.frameEncoder(version: formatVersion)
            var batches: UInt64 = 0
            var records: UInt64 = 0
            for range in ranges {
                var after = range.after
                var number: UInt64 = 0
                var written: UInt64 = 0
                var done = false
                while !done {
                    let slice = try await store.readChanges(
                        dataset: range.name, after: after, limit: batchSize, excluding: target)
                    let reached = min(slice.reached, range.through)
                    done = reached >= range.through || slice.isComplete
                    number += 1
                    let batch = EncodedRecordBatch(
                        dataset: range.name, batchNumber: number, records: slice.records,
                        cursor: FeedCursor(epoch: range.epoch, sequence: done ? range.through : reached), isLast: done
                    )
                    try encoder.encode(.encodedRecordBatch(batch), into: &buffer)
                    try output.write(&buffer)
                    after = reached
                    batches += 1
                    records += UInt64(slice.records.count)
                    written += UInt64(slice.records.count)
                    progress?(range.name, written, range.through - range.after)
                }
            }
            let trailer = BundleTrailer(batchCount: batches, recordCount: records, sha256: output.digest())
            trailer.write(to: &buffer)
            try output.write(&buffer)
            let size = try output.commit()
            return BundleSummary(header: header, trailer: trailer, fileSize: size)
        } catch {
            output.discard()
            throw error
        }
    }
}
