import Wire

/// Every key a record object may hold — `type`, `id`, then each field name of any type, once — numbered, with a
/// byte-level lookup so the NDJSON reader matches keys without making strings.
final class JSONFieldNames: Sendable {
    /// The names; `type` is 0, `id` is 1.
    let names: [String]
    /// Name number to its position in each type's schema, or -1: `positions[type.rawValue - 1][number]`.
    let positions: [[Int8]]
    /// For each byte length, the numbers of the names of that length.
    private let byLength: [[Int]]
    private let bytes: [[UInt8]]

    static let shared = JSONFieldNames()

    private init() {
        var names = ["type", "id"]
        for type in RecordType.allCases {
            for field in RecordSchema.for(type).fields where !names.contains(field.name) { names.append(field.name) }
        }
        precondition(names.count <= 64, "name numbers must fit a 64-bit mask")
        self.names = names
        self.bytes = names.map { Array($0.utf8) }
        var byLength = [[Int]](repeating: [], count: (bytes.map(\.count).max() ?? 0) + 1)
        for (number, name) in bytes.enumerated() { byLength[name.count].append(number) }
        self.byLength = byLength
        self.positions = RecordType.allCases.map { type in
            let schema = RecordSchema.for(type)
            return names.map { name in Int8(schema.index(of: name) ?? -1) }
        }
    }

    /// The number of the name spelled by `key`, or `nil`.
    func number(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard key.count < byLength.count else { return nil }
        for number in byLength[key.count] {
            let matches = bytes[number].withUnsafeBufferPointer { name in
                for index in 0..<key.count where name[index] != key[index] { return false }
                return true
            }
            if matches { return number }
        }
        return nil
    }
}
