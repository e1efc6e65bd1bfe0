public import Wire

/// A dataset as the store holds it: what sessions list to peers (its feed position and horizon), and what
/// `tally dataset list`, `tally status` and the status page show (its counts).
public struct DatasetInfo: Hashable, Sendable {
    /// The dataset name: 1–64 bytes of `[A-Za-z0-9._-]`.
    public var name: String
    /// What the dataset holds.
    public var kind: DatasetKind
    /// The change feed's epoch: random, new when the store is reset or restored.
    public var epoch: UInt64
    /// The change feed's last sequence number (0 for a new dataset).
    public var sequence: UInt64
    /// How many live (not deleted) records it holds.
    public var recordCount: Int
    /// How many records have at least one open conflict.
    public var conflictCount: Int
    /// The highest feed sequence of a collected (dropped) tombstone: a pull cursor below it is stale.
    public var horizon: UInt64

    /// Makes a dataset description.
    public init(
        name: String, kind: DatasetKind, epoch: UInt64, sequence: UInt64, recordCount: Int, conflictCount: Int,
        horizon: UInt64 = 0
    ) {
        self.name = name
        self.kind = kind
        self.epoch = epoch
        self.sequence = sequence
        self.recordCount = recordCount
        self.conflictCount = conflictCount
        self.horizon = horizon
    }

    /// The change feed's current position: its epoch and the last sequence number issued.
    public var feed: FeedCursor { FeedCursor(epoch: epoch, sequence: sequence) }

    /// The longest dataset name, in bytes.
    public static let maximumNameLength = 64

    /// `true` for 1–64 bytes of `[A-Za-z0-9._-]`.
    public static func isValidName(_ name: some StringProtocol) -> Bool {
        let utf8 = name.utf8
        guard !utf8.isEmpty, utf8.count <= maximumNameLength else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}
