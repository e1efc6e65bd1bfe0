public import Wire

/// The fields of one record type, in the order of docs/records.md's tables (required fields, then optional ones).
///
/// `id` is not among the fields: every record has one, and it is checked on its own.
public struct RecordSchema: Hashable, Sendable {
    /// The record type described.
    public let type: RecordType
    /// The fields in canonical order: the order NDJSON, JSON and CSV writers use.
    public let fields: [FieldSpec]

    /// Makes a schema. At most 64 fields.
    init(type: RecordType, fields: [FieldSpec]) {
        precondition(fields.count <= 64, "a schema holds at most 64 fields")
        self.type = type
        self.fields = fields
        var required: UInt64 = 0
        for (index, field) in fields.enumerated() where field.required { required |= 1 << UInt64(index) }
        self.requiredMask = required
    }

    /// Bit `i` set when `fields[i]` is required.
    let requiredMask: UInt64

    /// The schema of `type`.
    public static func `for`(_ type: RecordType) -> RecordSchema {
        catalogue[Int(type.rawValue) - 1]
    }

    /// The position of the field called `name` in `fields`, or `nil` if the type has no such field.
    ///
    /// `String`, not `some StringProtocol`: called for every field of every record exported or validated, and a
    /// generic called from another module runs unspecialised (`StringProtocol.==` through witness tables).
    public func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    /// The spec of the field called `name`, or `nil` if the type has no such field.
    public func field(named name: String) -> FieldSpec? {
        index(of: name).map { fields[$0] }
    }

    /// The names of the required fields, in canonical order.
    public var requiredFieldNames: [String] {
        fields.filter(\.required).map(\.name)
    }
}
