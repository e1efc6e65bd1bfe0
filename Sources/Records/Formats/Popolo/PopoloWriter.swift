import Wire

/// Writes a statement dataset as one Popolo JSON document, `{"persons": [...], "speeches": [...]}`
/// (docs/formats.md has the mapping): people as Popolo Persons (other names, one membership for the role and
/// organization), statements as Popolo Speech objects with Tally's further fields beside Popolo's.
///
/// The records are kept until `finish`, which writes the whole document; the same records give the same bytes.
public struct PopoloWriter: RecordWriter {
    private var persons: [Record] = []
    private var statements: [Record] = []

    /// Makes a writer.
    public init() {}

    /// Keeps the record for the document; election records are refused (Popolo holds people and speeches).
    public mutating func write(_ record: Record, into output: inout [UInt8]) throws(RecordError) {
        switch record.type {
        case .person: persons.append(record)
        case .statement: statements.append(record)
        default:
            throw RecordError(
                .typeNotInDataset,
                "a Popolo document holds people and statements, not a \(record.type.name) (use --format nist)",
                typeName: record.type.name, id: record.id
            )
        }
    }

    /// Appends the whole document.
    public mutating func finish(into output: inout [UInt8]) {
        let document = JSONTree.members([
            ("persons", .array(persons.sorted(by: Record.exportOrder).map(PopoloWriter.person))),
            ("speeches", .array(statements.sorted(by: Record.exportOrder).map(PopoloWriter.speech))),
        ])
        output.append(contentsOf: document.documentBytes)
    }

    private static func person(_ record: Record) -> JSONTree {
        let role = string(record["role"])
        let organization = string(record["organization"])
        var membership: JSONTree?
        if role != nil || organization != nil {
            membership = .members([
                ("role", role),
                ("organization", organization.map { .members([("name", $0)]) }),
            ])
        }
        return .members([
            ("id", .string(record.id)),
            ("name", string(record["name"])),
            ("other_names", list(record["other_names"]) { .members([("name", .string($0))]) }),
            ("national_identity", string(record["country"])),
            ("memberships", membership.map { .array([$0]) }),
            ("sources", list(record["sources"], PopoloLink.tree)),
        ])
    }

    private static func speech(_ record: Record) -> JSONTree {
        .members([
            ("id", .string(record.id)),
            ("creator_id", string(record["speaker_id"])),
            ("role", string(record["role"])),
            ("date", string(record["date"])),
            ("text", string(record["text"])),
            ("language", string(record["language"])),
            ("kind", string(record["kind"])),
            ("summary", string(record["summary"])),
            ("about_ids", list(record["about_ids"], JSONTree.string)),
            ("countries", list(record["countries"], JSONTree.string)),
            ("stance", string(record["stance"])),
            ("stance_target", string(record["stance_target"])),
            ("sources", list(record["sources"], PopoloLink.tree)),
        ])
    }

    /// A text, enum word or date as a JSON string, or `nil` when absent.
    private static func string(_ value: FieldValue) -> JSONTree? {
        switch value {
        case .string(let text), .enumeration(let text): .string(text)
        case .date(let date): .string(date.text)
        default: nil
        }
    }

    private static func list(_ value: FieldValue, _ element: (String) -> JSONTree) -> JSONTree? {
        guard case .list(let items) = value else { return nil }
        return .array(items.map(element))
    }
}
