import Records
public import Wire

/// The one gate every state from outside a store passes before it is merged: a peer's batch, a bundle's batch,
/// a reconcile push. Every backend's `applyBatch` calls `check(_:in:dataset:)` (the kind and the schema) and its
/// engine `engineCheck` (the history, whoever calls the engine), each once per record, before anything is
/// written; a bundle is verified whole with `problem(with:in:)` before anything of it is applied.
///
/// A state is refused when it could not have come from a real history (an invalid id or field name, writes out of
/// canonical order or outside its version vector, no liveness write), when its type does not belong in the
/// dataset's kind, or when it breaks its type's schema (an unknown field, a value of the wrong kind in any write,
/// a live record missing a required field).
public enum IncomingStates {
    /// Why `record` cannot be stored in a dataset of `kind`, or `nil`: its history, its type, its schema.
    public static func problem(with record: RecordState, in kind: DatasetKind) -> String? {
        historyProblem(with: record) ?? schemaProblem(with: record, in: kind)
    }

    /// Why `record` breaks the dataset's kind or its type's schema, or `nil` (its history is the engine's to
    /// check: `engineCheck` runs `historyProblem` on every batch, so the gate does not run it again).
    public static func schemaProblem(with record: RecordState, in kind: DatasetKind) -> String? {
        guard record.type.datasetKind == kind else {
            return "a \(record.type.name) record does not belong in a \(kind.name) dataset"
        }
        for write in record.liveness {
            guard case .bool = write.value else { return "liveness holds a non-bool value" }
        }
        let schema = RecordSchema.for(record.type)
        for field in record.fields {
            // A concrete `String` comparison: this runs for every field of every record a pull brings.
            guard let spec = schema.fields.first(where: { $0.name == field.name }) else {
                return "\(record.type.name) has no field \(field.name)"
            }
            for write in field.writes where write.value != .null {
                if let problem = spec.kind.problem(with: write.value) { return "\(field.name): \(problem.message)" }
            }
        }
        if !record.isDeleted {
            for spec in schema.fields where spec.required && spec.name != "id" && record.value(of: spec.name) == .null {
                return "required field \(spec.name) is missing"
            }
        }
        return nil
    }

    /// Why `record` could not have come from a real history, or `nil`: an invalid id or field name, no liveness
    /// write, writes out of canonical order or outside its version vector. A store's engine refuses such a state
    /// whatever its caller checked (it would break the encoding or the merge).
    public static func historyProblem(with record: RecordState) -> String? {
        guard RecordID.isValid(record.id) else { return "invalid record id \"\(record.id)\"" }
        guard !record.liveness.isEmpty else { return "no liveness write" }
        if let problem = history(record.liveness, of: record, field: RecordState.deletedFieldName) { return problem }
        for field in record.fields {
            guard RecordID.isValidFieldName(field.name) else { return "invalid field name \"\(field.name)\"" }
            if let problem = history(field.writes, of: record, field: field.name) { return problem }
        }
        return nil
    }

    /// Throws `.invalidRecord` naming every state of `records` that breaks the kind or the schema (the message
    /// names the first and its problem; `recordIDs` lists them all); the engine's `engineCheck` checks the
    /// history next.
    public static func check(_ records: [RecordState], in kind: DatasetKind, dataset: String) throws(ReplicaError) {
        var refused: [String] = []
        var first: String?
        for record in records {
            guard let problem = schemaProblem(with: record, in: kind) else { continue }
            if first == nil { first = "record \(record.id) of \(dataset): \(problem)" }
            refused.append(record.id)
        }
        if let first { throw ReplicaError(.invalidRecord, first, recordIDs: refused) }
    }

    /// The problem with a field's writes, or `nil`: each must beat the next (canonical order) and be covered by
    /// the record's version vector.
    private static func history(_ writes: [FieldWrite], of record: RecordState, field: String) -> String? {
        for (earlier, later) in zip(writes, writes.dropFirst()) where !earlier.beats(later) {
            return "writes of \(field) are not canonical"
        }
        for write in writes where !record.versionVector.covers(write) {
            return "a write of \(field) is not in its version vector"
        }
        return nil
    }
}
