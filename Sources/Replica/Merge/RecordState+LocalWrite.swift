public import Wire

extension RecordState {
    /// The name under which a conflict on the liveness register (delete against a concurrent edit) is shown.
    public static let deletedFieldName = "_deleted"

    /// The state after a local put of `values` at `(clock, site)`; `clock` must be above every clock in `existing`.
    ///
    /// Each given field gets the single write `(value, clock, site)`, which covers (and so resolves) every
    /// current write of it. The liveness register gets `(true, clock, site)`: on a live record this makes an edit
    /// concurrent with a delete a visible conflict; on a missing or deleted record it (re)creates it, and every
    /// other field of the old life is written `.null` so its values do not come back. A name given twice keeps
    /// its last value.
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
        var vector = existing?.versionVector ?? VersionVector()
        vector.observe(site: site, clock: clock)
        var fields: [Field] = []
        fields.reserveCapacity(given.count + (existing?.fields.count ?? 0))
        let recreate = existing?.isDeleted ?? true
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
    /// shown as `_deleted` (value `.bool(true)` for a tombstone), holding writes with different values.
    /// A deleted record whose liveness is not itself in conflict shows none.
    public var openConflicts: [Conflict] {
        var conflicts: [Conflict] = []
        if RecordState.isConflicted(liveness) {
            let values = liveness.map { FieldValue.bool($0.value != .bool(true)) }
            conflicts.append(Conflict(type: type, id: id, field: RecordState.deletedFieldName, values: values))
        } else if isDeleted {
            return []
        }
        for field in fields where RecordState.isConflicted(field.writes) {
            conflicts.append(Conflict(type: type, id: id, field: field.name, values: field.writes.map(\.value)))
        }
        return conflicts
    }
}
