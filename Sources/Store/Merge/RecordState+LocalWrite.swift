public import Wire

extension RecordState {
    /// The name under which a conflict on the liveness register (delete against a concurrent edit) is shown.
    public static let deletedFieldName = "_deleted"

    /// The state after a local put of `values` at `(clock, site)`; `clock` must be above every clock in `existing`.
    ///
    /// A put writes only what it changes. On a live record, a given field is written when its value differs from
    /// the value read now (`value(of:)`, `.null` for an absent field) or when the field is in conflict (the write
    /// settles the conflict, even with the winner's value); the other given fields are left as they are. When no
    /// given field is written the put is no write at all: `existing` comes back unchanged (no clock, no version,
    /// nothing to sync). Otherwise each written field gets the single write `(value, clock, site)`, which covers
    /// every current write of it, and the liveness register gets `(true, clock, site)`, so an edit concurrent with
    /// a delete is a visible conflict. On a missing or deleted record the put (re)creates it: every given field is
    /// written, and every other field of the old life is written `.null` so its values do not come back. A name
    /// given twice keeps its last value.
    public static func put(
        _ values: [(String, FieldValue)],
        into existing: RecordState?,
        type: RecordType,
        id: String,
        clock: HLCTimestamp,
        site: SiteID
    ) -> RecordState {
        var given: [String: FieldValue] = [:]
        given.reserveCapacity(values.count)
        for (name, value) in values { given[name] = value }
        let recreate = existing?.isDeleted ?? true
        if let existing, !recreate {
            given = given.filter { name, value in existing.writeChanges(name, to: value) }
            if given.isEmpty { return existing }
        }
        var vector = existing?.versionVector ?? VersionVector()
        vector.observe(site: site, clock: clock)
        var fields: [Field] = []
        fields.reserveCapacity(given.count + (existing?.fields.count ?? 0))
        for field in existing?.fields ?? [] where given[field.name] == nil {
            let cleared = Field(name: field.name, writes: [FieldWrite(value: .null, clock: clock, site: site)])
            fields.append(recreate ? cleared : field)
        }
        for (name, value) in given {
            fields.append(Field(name: name, writes: [FieldWrite(value: value, clock: clock, site: site)]))
        }
        return RecordState(
            id: id,
            type: existing?.type ?? type,
            versionVector: vector,
            liveness: [FieldWrite(value: .bool(true), clock: clock, site: site)],
            fields: fields
        )
    }

    /// `true` when a local write of `value` to the field `name` of this (live) record changes what it holds: the
    /// value read now differs, or the field is in conflict (the write settles it).
    package func writeChanges(_ name: String, to value: FieldValue) -> Bool {
        guard let field = fields.first(where: { $0.name == name }) else { return value != .null }
        return RecordState.isConflicted(field.writes) || (field.winner?.value ?? .null) != value
    }

    /// The state after a local delete at `(clock, site)`: the liveness register becomes the tombstone
    /// `(false, clock, site)`. Field values stay in the state (a re-create writes them `.null`).
    public func deleted(clock: HLCTimestamp, site: SiteID) -> RecordState {
        var state = self
        state.versionVector.observe(site: site, clock: clock)
        state.liveness = [FieldWrite(value: .bool(false), clock: clock, site: site)]
        return state
    }

    /// The state after a local write of one field at `(clock, site)`, which covers and so settles any conflict
    /// on it. For `deletedFieldName`, `.bool(true)` writes a tombstone and `.bool(false)` makes the record live.
    public func writing(_ value: FieldValue, to name: String, clock: HLCTimestamp, site: SiteID) -> RecordState {
        var state = self
        state.versionVector.observe(site: site, clock: clock)
        let write = FieldWrite(value: value, clock: clock, site: site)
        if name == RecordState.deletedFieldName {
            state.liveness = [FieldWrite(value: .bool(value != .bool(true)), clock: clock, site: site)]
        } else if let index = state.fields.firstIndex(where: { $0.name == name }) {
            state.fields[index].writes = [write]
        } else {
            state.fields.append(Field(name: name, writes: [write]))
            state.fields.sort { $0.name < $1.name }
        }
        return state
    }

    /// The open conflicts of the record, in field order (`_deleted` first): a field, or the liveness register
    /// shown as `_deleted` (value `.bool(true)` for a tombstone), holding writes with different values. A
    /// `_deleted` conflict's winner is always `.bool(false)`: the record stays live (edit wins).
    /// A deleted record whose liveness is not itself in conflict shows none.
    public var openConflicts: [Conflict] {
        var conflicts: [Conflict] = []
        if RecordState.isConflicted(liveness) {
            // Edit wins: a liveness conflict leaves the record live, so `false` is the value read.
            conflicts.append(
                Conflict(
                    type: type, id: id, field: RecordState.deletedFieldName, winner: .bool(false), losers: [.bool(true)]
                )
            )
        } else if isDeleted {
            return []
        }
        for field in fields where RecordState.isConflicted(field.writes) {
            conflicts.append(Conflict(type: type, id: id, field: field.name, values: field.writes.map(\.value)))
        }
        return conflicts
    }
}
