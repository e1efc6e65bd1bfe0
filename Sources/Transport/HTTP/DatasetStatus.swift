public import Replica
import Wire

/// One dataset, as `/api/status` lists it under `datasets`.
public struct DatasetStatus: Encodable, Hashable, Sendable {
    /// The dataset's name.
    public var name: String
    /// `election` or `statements`.
    public var kind: String
    /// Live (not deleted) records.
    public var records: Int
    /// Records with at least one open conflict.
    public var conflicts: Int
    /// The change feed's epoch (new after a reset or restore).
    public var epoch: UInt64
    /// The change feed's last sequence number.
    public var sequence: UInt64

    /// The status of `dataset`.
    public init(_ dataset: DatasetInfo) {
        name = dataset.name
        kind = dataset.kind.name
        records = dataset.recordCount
        conflicts = dataset.conflictCount
        epoch = dataset.epoch
        sequence = dataset.sequence
    }
}
