public import Wire

/// Reads a Popolo JSON document, `{"persons": [...], "speeches": [...]}`, into person and statement records
/// (docs/formats.md has the mapping; Popolo properties Tally does not model are not read).
///
/// The document is read whole, up to `maximumSize` bytes, and checked whole before the first record is
/// returned. Errors name the place, such as `Popolo document: speeches[3].date: expected a string, got a number`.
public struct PopoloReader: RecordReader {
    private var records: DocumentRecords

    /// Reads the document in `source` for a dataset of `kind` (an election dataset is refused).
    public init(
        source: any ByteSource,
        kind: DatasetKind? = nil,
        maximumSize: Int = PopoloReader.defaultMaximumSize
    ) throws(RecordError) {
        try RecordFormat.popolo.check(kind: kind)
        let root = try StandardDocument.load(source: source, name: "Popolo document", maximumSize: maximumSize)
        _ = try root.members()
        guard root.child("persons") != nil || root.child("speeches") != nil else {
            throw root.error(.missingField, "a Popolo document for Tally holds \"persons\" and \"speeches\"")
        }
        var records: [Record] = []
        for node in try root.elements(of: "persons") { records.append(try PopoloReader.person(node)) }
        for node in try root.elements(of: "speeches") { records.append(try PopoloReader.statement(node)) }
        self.records = DocumentRecords(records)
    }

    /// The largest document read by default: 64 MiB.
    public static let defaultMaximumSize = StandardDocument.defaultMaximumSize

    /// The 1-based position of the record last returned among the document's records.
    public var lineNumber: Int { records.position }

    /// A document's records are counted, not its lines.
    public var countsLines: Bool { false }

    /// The next record, or `nil` after the last.
    public mutating func next() throws(RecordError) -> Record? { records.next() }

    private static func person(_ node: JSONNode) throws(RecordError) -> Record {
        _ = try node.members()
        var fields: [Record.Field] = []
        try add(.person, "name", node, "name", to: &fields)
        var otherNames: [String] = []
        for name in try node.elements(of: "other_names") { otherNames.append(try name.required("name").string()) }
        if !otherNames.isEmpty { fields.append(Record.Field(name: "other_names", value: .list(otherNames))) }
        let memberships = try node.elements(of: "memberships")
        if memberships.count > 1 {
            throw memberships[1].error(.invalidValue, "a Tally person has one role and organization, found a second")
        }
        if let membership = memberships.first {
            _ = try membership.members()
            try add(.person, "role", membership, "role", to: &fields)
            if let organization = membership.child("organization") {
                try add(.person, "organization", organization, "name", to: &fields)
            } else {
                try add(.person, "organization", membership, "organization_id", to: &fields)
            }
        }
        try add(.person, "country", node, "national_identity", to: &fields)
        try addSources(node, to: &fields)
        return try record(.person, node, fields)
    }

    private static func statement(_ node: JSONNode) throws(RecordError) -> Record {
        _ = try node.members()
        var fields: [Record.Field] = []
        try add(.statement, "speaker_id", node, "creator_id", to: &fields)
        for name in ["date", "text", "language", "role", "kind", "summary", "stance", "stance_target"] {
            try add(.statement, name, node, name, to: &fields)
        }
        for name in ["about_ids", "countries"] {
            if let items = try node.strings(name), !items.isEmpty {
                fields.append(Record.Field(name: name, value: .list(items)))
            }
        }
        try addSources(node, to: &fields)
        return try record(.statement, node, fields)
    }

    /// Adds the field `name` of a `type` record from the string member `key` of `node`, when present.
    private static func add(
        _ type: RecordType, _ name: String, _ node: JSONNode, _ key: String, to fields: inout [Record.Field]
    ) throws(RecordError) {
        guard let member = node.child(key) else { return }
        let text = try member.string()
        let value: FieldValue
        do throws(RecordError) {
            value = try FieldValueParser.parse(text, as: RecordSchema.for(type).field(named: name)?.kind ?? .text)
        } catch {
            throw member.locate(error.field(name).naming(type: type, id: nil))
        }
        fields.append(Record.Field(name: name, value: value))
    }

    private static func addSources(_ node: JSONNode, to fields: inout [Record.Field]) throws(RecordError) {
        var sources: [String] = []
        for link in try node.elements(of: "sources") { sources.append(try PopoloLink.source(of: link)) }
        if !sources.isEmpty { fields.append(Record.Field(name: "sources", value: .list(sources))) }
    }

    private static func record(_ type: RecordType, _ node: JSONNode, _ fields: [Record.Field]) throws(RecordError)
        -> Record
    {
        let id = try node.required("id").string()
        do throws(RecordError) {
            return try RecordValidator.validate(Record(type: type, id: id, fields: fields), in: .statement)
        } catch {
            throw node.locate(error)
        }
    }
}
