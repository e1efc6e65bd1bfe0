import Foundation
import Records
import Wire

extension RecordState {
    /// The record as users see it: winning values only, fields in schema order, absent fields left out.
    var userRecord: Record {
        let schema = RecordSchema.for(type)
        let fields =
            values
            .map { Record.Field(name: $0.name, value: $0.value) }
            .sorted { (schema.index(of: $0.name) ?? Int.max) < (schema.index(of: $1.name) ?? Int.max) }
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
