/// One field of a record type's schema: its snake_case name, its kind and whether every record must have it.
public struct FieldSpec: Hashable, Sendable {
    /// The field name, snake_case, as written in files and on the command line.
    public let name: String
    /// The value type and shape.
    public let kind: FieldKind
    /// `true` when every record of the type must have the field.
    public let required: Bool

    /// Makes a field spec.
    public init(name: String, kind: FieldKind, required: Bool) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}
