import Wire

/// Tally's fields that NIST SP 1500-100 has no place for, carried where NIST allows extension: an object's
/// `ExternalIdentifier` entries with `Type` "other", `OtherType` "tally:FIELD", the value's text in `Value`
/// (one entry per item for lists), and `Label` the record's id when the entry is about a record the object
/// holds rather than the object itself (a tally in a contest, a turnout in an election).
enum NISTExtension {
    /// The prefix of every `OtherType` Tally writes.
    static let prefix = "tally:"
    /// The id of an object NIST gives no `@id` (an election).
    static let id = "id"
    /// The ids of an election's turnouts, in the order of its `BallotCounts`.
    static let turnout = "turnout"
    /// Marks an election written only to hold the tallies and turnouts of an election id with no record.
    static let placeholder = "placeholder"
    /// Names a field that is absent although NIST required a value in its place (an election's `EndDate`).
    static let absent = "absent"

    /// One entry.
    static func entry(_ name: String, _ value: String, label: String? = nil) -> JSONTree {
        .members([
            ("@type", .string("ElectionResults.ExternalIdentifier")),
            ("Type", .string("other")),
            ("OtherType", .string(prefix + name)),
            ("Label", label.map(JSONTree.string)),
            ("Value", .string(value)),
        ])
    }

    /// The entries of the named fields of `record` that are present, in the order of `names`.
    static func entries(_ record: Record, _ names: [String], label: String? = nil) -> [JSONTree] {
        names.flatMap { name in texts(of: record[name]).map { entry(name, $0, label: label) } }
    }

    /// A value as the texts of its entries: one, or one per list item, or none when absent.
    static func texts(of value: FieldValue) -> [String] {
        switch value {
        case .null: []
        case .string(let text), .enumeration(let text): [text]
        case .int(let number): [String(number)]
        case .decimal(let decimal): [decimal.text]
        case .date(let date): [date.text]
        case .bool(let flag): [flag ? "true" : "false"]
        case .list(let items): items
        }
    }
}

/// The `tally:` entries of one NIST object's `ExternalIdentifier` array, as read. Entries of other types (a
/// FIPS code, an OCD id) are not Tally's and are left alone.
struct NISTExtensionSet {
    /// One entry.
    struct Entry {
        /// The part of `OtherType` after `tally:`.
        var name: String
        /// The `Label`, when there is one.
        var label: String?
        /// The `Value`.
        var value: String
        /// Where it is.
        var node: JSONNode
    }

    /// The entries, in document order.
    private(set) var entries: [Entry] = []
    /// The entries by `Label` (`nil` for the object's own), each in document order: a contest holds the entries
    /// of thousands of tallies, so they are looked up, not searched.
    private var byLabel: [String?: [Entry]] = [:]

    /// Reads the `ExternalIdentifier` of `object`.
    init(of object: JSONNode) throws(RecordError) {
        for node in try object.elements(of: "ExternalIdentifier") {
            _ = try node.members()
            guard try node.string("Type") == "other", let otherType = try node.string("OtherType"),
                otherType.hasPrefix(NISTExtension.prefix)
            else { continue }
            let entry = Entry(
                name: String(otherType.dropFirst(NISTExtension.prefix.count)),
                label: try node.string("Label"),
                value: try node.required("Value").string(),
                node: node
            )
            entries.append(entry)
            byLabel[entry.label, default: []].append(entry)
        }
    }

    /// The values of the entries called `name` about `label` (`nil`: about the object itself).
    func values(_ name: String, label: String? = nil) -> [String] {
        byLabel[label, default: []].filter { $0.name == name }.map(\.value)
    }

    /// The one value of the entry `name` about `label`, or `nil`; two such entries are an error.
    func value(_ name: String, label: String? = nil) throws(RecordError) -> String? {
        let matches = byLabel[label, default: []].filter { $0.name == name }
        if matches.count > 1 {
            throw matches[1].node.error(.duplicateField, "a second \"tally:\(name)\" entry for the same record")
        }
        return matches.first?.value
    }

    /// The fields of a record of `type` carried by the entries about `label`, in document order, lists gathered;
    /// the names in `handled` (control entries, fields read elsewhere) are skipped. An entry naming no field of the
    /// type is an error, so a misspelt extension is not dropped silently.
    func fields(of type: RecordType, label: String? = nil, skipping handled: Set<String> = []) throws(RecordError)
        -> [Record.Field]
    {
        let schema = RecordSchema.for(type)
        var fields: [Record.Field] = []
        var done: Set<String> = []
        for entry in byLabel[label, default: []] where !handled.contains(entry.name) {
            guard let spec = schema.field(named: entry.name) else {
                throw entry.node.error(.unknownField, "a \(type.name) has no field \(RecordError.quoted(entry.name))")
            }
            guard done.insert(entry.name).inserted else {
                if spec.kind.isList { continue }
                throw entry.node.error(.duplicateField, "a second \"tally:\(entry.name)\" entry for the same record")
            }
            let value: FieldValue
            if spec.kind.isList {
                value = .list(values(entry.name, label: label))
            } else {
                do throws(RecordError) {
                    value = try FieldValueParser.parse(entry.value, as: spec.kind)
                } catch {
                    throw entry.node.locate(error.field(entry.name).naming(type: type, id: label))
                }
            }
            fields.append(Record.Field(name: entry.name, value: value))
        }
        return fields
    }

    /// Checks that every entry with a `Label` is about one of `labels` (the records the object holds), so that an
    /// entry about a record that is not there is not dropped silently.
    func checkLabels(_ labels: Set<String>) throws(RecordError) {
        for entry in entries {
            guard let label = entry.label, !labels.contains(label) else { continue }
            throw entry.node.error(
                .invalidValue, "the entry is about \(RecordError.quoted(label)), which is not in this object")
        }
    }
}
