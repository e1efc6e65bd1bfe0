import Replica
public import Store
import Wire

/// One dataset, as `/api/status` lists it under `datasets`.
public struct DatasetStatus: Encodable, Hashable, Sendable {
    /// The dataset's name.
    public var name: String
    /// `election` or `statements`.
    public var kind: String
    /// Records stored: live ones and deleted ones whose tombstones are not collected yet.
    public var records: Int
    /// Live (not deleted) records: what an export holds.
    public var live: Int
    /// Records with at least one open conflict.
    public var conflicts: Int
    /// The change feed's epoch (new after a reset or restore).
    public var epoch: UInt64
    /// The change feed's last sequence number.
    public var sequence: UInt64

    /// The status of `dataset`, which stores `stored` records (live and deleted).
    public init(_ dataset: DatasetInfo, stored: Int) {
        name = dataset.name
        kind = dataset.kind.name
        records = stored
        live = dataset.recordCount
        conflicts = dataset.conflictCount
        epoch = dataset.epoch
        sequence = dataset.sequence
    }
}
