/// The words of NIST SP 1500-100 v2 that Tally's words map to, both ways. A Tally word with no NIST equal is
/// written as NIST's `other` with the Tally word in `OtherType`, so that it reads back unchanged.
enum NISTVocabulary {
    /// The `@type` of the report.
    static let reportType = "ElectionResults.ElectionReport"

    /// `ReportingUnitType` (and `OtherType`) for a unit's `level`.
    static func reportingUnitType(level: String) -> (type: String, otherType: String?) {
        switch level {
        case "country": ("country", nil)
        case "commune": ("municipality", nil)
        case "polling_station": ("polling-place", nil)
        default: ("other", level)
        }
    }

    /// A unit's `level` for a `ReportingUnitType` (and `OtherType`); NIST types with no Tally word map to the
    /// nearest level (a state to a region, a county to a department, a district to a constituency).
    static func level(reportingUnitType type: String, otherType: String?) -> String? {
        switch type {
        case "country": "country"
        case "state": "region"
        case "county", "borough": "department"
        case "congressional", "state-house", "state-senate", "city-council", "county-council", "judicial", "ward",
            "school", "special", "utility", "water":
            "constituency"
        case "municipality", "city", "town", "township", "village": "commune"
        case "polling-place", "precinct", "combined-precinct", "split-precinct", "vote-center", "ballot-style-area":
            "polling_station"
        case "other": otherType
        default: nil
        }
    }

    /// `ElectionType` (and `OtherType`) for an election's `kind`.
    static func electionType(kind: String) -> (type: String, otherType: String?) {
        switch kind {
        case "general", "runoff", "special", "other": (kind, nil)
        default: ("other", kind)
        }
    }

    /// An election's `kind` for an `ElectionType` (and `OtherType`): primaries are `other`.
    static func kind(electionType type: String, otherType: String?) -> String {
        switch type {
        case "general", "runoff", "special": type
        case "other": otherType ?? "other"
        default: "other"
        }
    }

    /// `true` for a colour NIST's `HtmlColorString` accepts: six lowercase hex digits.
    static func isHTMLColor(_ text: String) -> Bool {
        text.utf8.count == 6 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The full date (`YYYY-MM-DD`) NIST's `date` format wants for a Tally date, and whether it is the date's
    /// exact text (a year or month is padded with `-01`, a timestamp cut to its day).
    static func fullDate(_ text: String) -> (date: String, exact: Bool) {
        let bytes = Array(text.utf8)
        switch bytes.count {
        case 4: return (text + "-01-01", false)
        case 7: return (text + "-01", false)
        case 10: return (text, true)
        default: return (String(decoding: bytes.prefix(10), as: UTF8.self), false)
        }
    }

    /// An `InternationalizedText` of one string. Tally does not record the language of names, so it is `und`
    /// (BCP 47's "undetermined").
    static func internationalizedText(_ text: String) -> JSONTree {
        .members([
            ("@type", .string("ElectionResults.InternationalizedText")),
            (
                "Text",
                .array([
                    .members([
                        ("@type", .string("ElectionResults.LanguageString")),
                        ("Content", .string(text)),
                        ("Language", .string("und")),
                    ])
                ])
            ),
        ])
    }

    /// The text of an `InternationalizedText`: its first `LanguageString`'s `Content`.
    static func text(of node: JSONNode) throws(RecordError) -> String {
        guard let first = try node.required("Text").elements().first else {
            throw node.error(.missingField, "\"Text\" holds no LanguageString")
        }
        return try first.required("Content").string()
    }
}
