import Foundation
import Records
import Wire

extension RecordState {
    /// The record as users see it: winning values only, fields in schema order, absent fields left out.
    var userRecord: Record {
        let schema = RecordSchema.for(type)
        // Each field's position is looked up once, not twice per comparison.
        let fields =
            values
            .map { value in
                let field = Record.Field(name: value.name, value: value.value)
                return (position: schema.index(of: value.name) ?? Int.max, field: field)
            }
            .sorted { $0.position < $1.position }
            .map(\.field)
        return Record(type: type, id: id, fields: fields)
    }
}

extension RecordFormat {
    /// The format a file name suggests (`.csv`, `.json`), NDJSON otherwise.
    static func guess(path: String?) -> RecordFormat {
        guard let path else { return .ndjson }
        if path.hasSuffix(".csv") { return .csv }
        if path.hasSuffix(".json") { return .json }
        return .ndjson
    }

    /// Parses a `--format` value.
    static func parse(_ text: String?, path: String?) throws -> RecordFormat {
        guard let text else { return guess(path: path) }
        guard let format = RecordFormat(name: text) else {
            let names = RecordFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw CLIError("unknown format \"\(text)\" (use one of \(names))")
        }
        return format
    }
}
