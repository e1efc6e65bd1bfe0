public import Wire

/// Checks records and edits against the schemas. Every error names the record, the field and what is wrong.
public enum RecordValidator {
    /// Checks a whole record: a type allowed in `kind` (any type when `kind` is `nil`), a valid id, only schema
    /// fields, each once, each of the right kind, and every required field present. `.null` values count as absent.
    ///
    /// - Returns: the record with its fields in canonical (schema) order and `.null` values dropped.
    public static func validate(_ record: Record, in kind: DatasetKind? = nil) throws(RecordError) -> Record {
        do throws(RecordError) {
            try checkType(record.type, in: kind)
            try checkID(record.id)
            let schema = RecordSchema.for(record.type)
            var seen: UInt64 = 0
            var present: [(index: Int, field: Record.Field)] = []
            present.reserveCapacity(record.fields.count)
            for field in record.fields {
                let index = try fieldIndex(field.name, in: schema, seen: &seen)
                guard field.value != .null else { continue }
                if let problem = schema.fields[index].kind.problem(with: field.value) {
                    throw problem.field(field.name)
                }
                present.append((index, field))
            }
            var presentMask: UInt64 = 0
            for entry in present { presentMask |= 1 << UInt64(entry.index) }
            try checkRequired(schema, present: presentMask)
            present.sort { $0.index < $1.index }
            return Record(type: record.type, id: record.id, fields: present.map(\.field))
        } catch {
            throw error.naming(type: record.type, id: record.id)
        }
    }

    /// Checks an edit of one record (`tally put` on a record that may exist): only the given fields are checked;
    /// a `.null` value clears an optional field, and clearing a required field is refused.
    ///
    /// - Returns: the changes in canonical (schema) order.
    public static func validateEdit(
        type: RecordType,
        id: String,
        changes: [Record.Field],
        in kind: DatasetKind? = nil
    ) throws(RecordError) -> [Record.Field] {
        do throws(RecordError) {
            try checkType(type, in: kind)
            try checkID(id)
            let schema = RecordSchema.for(type)
            var seen: UInt64 = 0
            var checked: [(index: Int, field: Record.Field)] = []
            for change in changes {
                let index = try fieldIndex(change.name, in: schema, seen: &seen)
                let spec = schema.fields[index]
                if change.value == .null {
                    guard !spec.required else {
                        throw RecordError(.missingField, "is required and cannot be cleared", field: change.name)
                    }
                } else if let problem = spec.kind.problem(with: change.value) {
                    throw problem.field(change.name)
                }
                checked.append((index, change))
            }
            checked.sort { $0.index < $1.index }
            return checked.map(\.field)
        } catch {
            throw error.naming(type: type, id: id)
        }
    }

    static func checkType(_ type: RecordType, in kind: DatasetKind?) throws(RecordError) {
        if let kind, type.datasetKind != kind {
            let allowed = RecordType.allCases.filter { $0.datasetKind == kind }.map(\.name)
            throw RecordError(
                .typeNotInDataset,
                "a \(kind.name) dataset holds only \(allowed.joined(separator: ", ")) records"
            )
        }
    }

    static func checkID(_ id: String) throws(RecordError) {
        guard UTF8Validation.isIdentifier(id) else {
            throw RecordError(
                .invalidID,
                "\(RecordError.quoted(id)) is not a valid id (1-128 bytes of A-Z a-z 0-9 . _ : -)"
            )
        }
    }

    static func fieldIndex(_ name: String, in schema: RecordSchema, seen: inout UInt64) throws(RecordError) -> Int {
        guard let index = schema.index(of: name) else {
            throw RecordError(.unknownField, "a \(schema.type.name) has no such field", field: name)
        }
        let bit: UInt64 = 1 << UInt64(index)
        guard seen & bit == 0 else { throw RecordError(.duplicateField, "appears twice", field: name) }
        seen |= bit
        return index
    }

    static func checkRequired(_ schema: RecordSchema, present: UInt64) throws(RecordError) {
        let missing = schema.requiredMask & ~present
        guard missing != 0 else { return }
        let index = missing.trailingZeroBitCount
        throw RecordError(.missingField, "is required", field: schema.fields[index].name)
    }
}

extension RecordError {
    /// The same error naming `field`.
    func field(_ name: String) -> RecordError {
        var copy = self
        copy.field = name
        return copy
    }
}
