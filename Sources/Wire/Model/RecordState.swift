/// Everything one replica knows of one record: the unit of merge, of storage and of transfer.
///
/// A field holds the set of its *current* writes: one write normally, several when concurrent writes have
/// not yet been resolved (a conflict). The first write of each set is the winner: the highest `(clock, site)`.
/// Liveness is a register of its own: a write of `.bool(true)` creates or re-creates the record, a write of
/// `.bool(false)` is its tombstone; the record is live while any current liveness write is `.bool(true)`.
/// All sets are canonical (sorted winner first, no duplicates), so two replicas that hold the same state encode
/// it to the same bytes.
public struct RecordState: Hashable, Sendable {
    /// The record id: 1–128 bytes of `[A-Za-z0-9._:-]`.
    public var id: String
    /// The record type.
    public var type: RecordType
    /// Every write this copy of the record has seen, as a per-site high-water mark.
    public var versionVector: VersionVector
    /// The current writes of the liveness register (`.bool(true)` live, `.bool(false)` deleted), winner first.
    public var liveness: [FieldWrite]
    /// Field name to its current writes, winner first; names sorted ascending.
    public var fields: [Field]

    /// One field and its current writes.
    public struct Field: Hashable, Sendable {
        /// The field name, snake_case.
        public var name: String
        /// The current writes, winner first. More than one means a conflict (if their values differ).
        public var writes: [FieldWrite]

        /// Makes a field.
        public init(name: String, writes: [FieldWrite]) {
            self.name = name
            self.writes = RecordState.canonical(writes)
        }

        /// Makes a field from writes already in canonical order (the decoder checks the order).
        init(canonicalName name: String, writes: [FieldWrite]) {
            self.name = name
            self.writes = writes
        }

        /// The winning write.
        public var winner: FieldWrite? { writes.first }
    }

    /// Makes a record state; sorts fields and writes into canonical order.
    public init(
        id: String,
        type: RecordType,
        versionVector: VersionVector,
        liveness: [FieldWrite],
        fields: [Field]
    ) {
        self.id = id
        self.type = type
        self.versionVector = versionVector
        self.liveness = RecordState.canonical(liveness)
        self.fields = fields.sorted { $0.name < $1.name }
    }

    /// Makes a record state from parts already in canonical order (the decoder checks the order).
    init(
        canonicalID id: String,
        type: RecordType,
        versionVector: VersionVector,
        liveness: [FieldWrite],
        fields: [Field]
    ) {
        self.id = id
        self.type = type
        self.versionVector = versionVector
        self.liveness = liveness
        self.fields = fields
    }

    /// `true` when no current liveness write is `.bool(true)`: edit wins, so a delete concurrent with an edit (or
    /// a re-create) leaves the record live, whatever their clocks, and shows as a `_deleted` conflict.
    public var isDeleted: Bool {
        !liveness.contains { $0.value == .bool(true) }
    }

    /// The winning value of each field that has a non-null winner, in name order.
    public var values: [(name: String, value: FieldValue)] {
        fields.compactMap { field in
            guard let value = field.winner?.value, value != .null else { return nil }
            return (field.name, value)
        }
    }

    /// The winning value of `name`, or `.null`.
    public func value(of name: String) -> FieldValue {
        fields.first { $0.name == name }?.winner?.value ?? .null
    }

    /// `true` when some field (or liveness) holds concurrent writes with different values.
    public var hasConflicts: Bool {
        RecordState.isConflicted(liveness) || fields.contains { RecordState.isConflicted($0.writes) }
    }

    /// Sorts writes winner first and drops repeated dots.
    public static func canonical(_ writes: [FieldWrite]) -> [FieldWrite] {
        guard writes.count > 1 else { return writes }
        var sorted = writes.sorted { $0.beats($1) }
        var index = 1
        while index < sorted.count {
            if sorted[index].clock == sorted[index - 1].clock, sorted[index].site == sorted[index - 1].site {
                sorted.remove(at: index)
            } else {
                index += 1
            }
        }
        return sorted
    }

    /// `true` when `writes` holds at least two different values.
    public static func isConflicted(_ writes: [FieldWrite]) -> Bool {
        guard let first = writes.first else { return false }
        return writes.dropFirst().contains { $0.value != first.value }
    }
}
