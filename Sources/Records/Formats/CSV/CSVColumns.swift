public import Wire

/// The columns of a Tally CSV file: `type`, `id`, then every field of the record types the file may hold,
/// in type order then schema order, each name once.
public enum CSVColumns {
    /// The columns for a dataset of `kind`, or for every type when `nil`.
    public static func columns(for kind: DatasetKind?) -> [String] {
        var names = ["type", "id"]
        for type in RecordType.allCases where kind == nil || type.datasetKind == kind {
            for field in RecordSchema.for(type).fields where !names.contains(field.name) {
                names.append(field.name)
            }
        }
        return names
    }
}
