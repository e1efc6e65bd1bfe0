public import Wire

/// One record as users see it: a type, an id and its present fields, without versions.
///
/// Records produced by the readers and by `RecordValidator` are valid and hold their fields in the schema's
/// canonical order, with no `.null` values; two equal records then write the same bytes.
public struct Record: Hashable, Sendable {
    /// One field and its value.
    public struct Field: Hashable, Sendable {
        /// The field name, snake_case.
        public var name: String
        /// The value; `.null` only in an edit, where it clears the field.
        public var value: FieldValue

        /// Makes a field.
        public init(name: String, value: FieldValue) {
            self.name = name
            self.value = value
        }
    }

    /// The record type.
    public var type: RecordType
    /// The record id: 1–128 bytes of `[A-Za-z0-9._:-]`.
    public var id: String
    /// The fields, in canonical (schema) order once validated.
    public var fields: [Field]

    /// Makes a record; does not validate it (see `RecordValidator.validate(_:in:)`).
    public init(type: RecordType, id: String, fields: [Field]) {
        self.type = type
        self.id = id
        self.fields = fields
    }

    /// The value of the field called `name`, or `.null` when it is absent.
    public subscript(name: String) -> FieldValue {
        fields.first { $0.name == name }?.value ?? .null
    }

    /// This record with `changes` applied: a `.null` value removes the field, others replace or add it.
    /// Fields come back in the schema's order (unknown names last, in the order given), not validated.
    public func applying(_ changes: [Field]) -> Record {
        var values: [String: FieldValue] = [:]
        var order: [String] = []
        for field in fields + changes {
            if values[field.name] == nil { order.append(field.name) }
            values[field.name] = field.value
        }
        let schema = RecordSchema.for(type)
        let position = { (name: String) in schema.index(of: name) ?? Int.max }
        let sorted = order.enumerated().sorted {
            (position($0.element), $0.offset) < (position($1.element), $1.offset)
        }
        return Record(
            type: type,
            id: id,
            fields: sorted.compactMap { entry in
                guard let value = values[entry.element], value != .null else { return nil }
                return Field(name: entry.element, value: value)
            }
        )
    }
}
