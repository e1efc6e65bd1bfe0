public import Records
public import Wire

/// Deterministic tally records shaped like the French results files (Ministry of the Interior): one row per
/// polling station and list, eight lists per station, about 70,000 stations per million rows.
public enum TallyRows {
    /// The dataset every scenario uses.
    public static let dataset = "fr"
    /// The lists of a polling station, in row order.
    public static let lists = ["RN", "UG", "ENS", "LR", "UXD", "DVG", "DVD", "REG"]
    /// The source every row keeps, as the product asks.
    public static let source = "https://www.resultats-elections.interieur.gouv.fr/legislatives2024/"

    /// The id of row `index`.
    public static func id(_ index: Int) -> String {
        "t-2024-r1-\(padded(index / lists.count))-\(lists[index % lists.count])"
    }

    /// The vote count of row `index` in `revision` (0 for the original rows, higher for later edits).
    public static func votes(_ index: Int, revision: Int = 0) -> Int {
        Int(mix(UInt64(index) &* 31 &+ UInt64(revision)) % 900)
    }

    /// The NDJSON line (without newline) of row `index` in `revision`.
    public static func line(_ index: Int, revision: Int = 0) -> String {
        let station = padded(index / lists.count)
        return #"{"type":"tally","id":"\#(id(index))","election_id":"fr-an-2024","round":1,"unit_id":"FR-BV-"#
            + station + #"","selection_id":""# + lists[index % lists.count] + #"","votes":"#
            + String(votes(index, revision: revision))
            + #","status":"unofficial-complete","sources":[""# + source + #""]}"#
    }

    /// Row `index` as a validated record (through the NDJSON decoder, so values have the types an import gives).
    public static func record(_ index: Int, revision: Int = 0) throws -> Record {
        try NDJSONReader.decode(line: line(index, revision: revision), kind: .election)
    }

    /// Row `index` as the values of a put.
    public static func values(_ index: Int, revision: Int = 0) throws -> [(String, FieldValue)] {
        try record(index, revision: revision).fields.map { ($0.name, $0.value) }
    }

    private static func padded(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    private static func mix(_ seed: UInt64) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
