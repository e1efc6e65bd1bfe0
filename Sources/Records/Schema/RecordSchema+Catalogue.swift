import Wire

extension RecordSchema {
    /// Status words of NIST SP 1500-100, used by `election`, `tally` and `turnout`.
    public static let statusWords = [
        "certified", "correction", "pre-election", "recount", "unofficial-complete", "unofficial-partial",
    ]

    /// The seven schemas, indexed by `RecordType.rawValue - 1`. Field order is docs/records.md's tables.
    static let catalogue: [RecordSchema] = RecordType.allCases.map { type in
        RecordSchema(type: type, fields: fields(of: type))
    }

    private static func fields(of type: RecordType) -> [FieldSpec] {
        func required(_ name: String, _ kind: FieldKind) -> FieldSpec {
            FieldSpec(name: name, kind: kind, required: true)
        }
        func optional(_ name: String, _ kind: FieldKind) -> FieldSpec {
            FieldSpec(name: name, kind: kind, required: false)
        }
        let count = FieldKind.integer(minimum: 0)
        let status = FieldKind.enumeration(statusWords)
        switch type {
        case .election:
            return [
                required("name", .text),
                required("country", .countryCode),
                required("body", .text),
                required("kind", .enumeration(["general", "runoff", "special", "referendum", "other"])),
                required("start_date", .date),
                required("status", status),
                optional("end_date", .date),
                optional("round_dates", .dateList),
                optional("seats_total", count),
                optional("sources", .textList),
            ]
        case .party:
            return [
                required("name", .text),
                required("country", .countryCode),
                required("classification", .enumeration(["party", "alliance", "group"])),
                optional("abbreviation", .text),
                optional("member_ids", .identifierList),
                optional("leader", .text),
                optional("color", .text),
                optional("sources", .textList),
            ]
        case .unit:
            return [
                required("name", .text),
                required(
                    "level",
                    .enumeration(["country", "region", "department", "constituency", "commune", "polling_station"])
                ),
                optional("parent_id", .identifier),
                optional("registered", count),
            ]
        case .tally:
            return [
                required("election_id", .identifier),
                required("round", .integer(minimum: 1)),
                required("unit_id", .identifier),
                required("selection_id", .identifier),
                required("votes", count),
                required("status", status),
                optional("seats", count),
                optional("share", .decimal),
                optional("observer", .text),
                optional("reported_at", .date),
                optional("sources", .textList),
            ]
        case .turnout:
            return [
                required("election_id", .identifier),
                required("round", .integer(minimum: 1)),
                required("unit_id", .identifier),
                required("registered", count),
                required("ballots_cast", count),
                required("status", status),
                optional("blank", count),
                optional("void", count),
                optional("valid", count),
                optional("observer", .text),
                optional("reported_at", .date),
            ]
        case .person:
            return [
                required("name", .text),
                optional("other_names", .textList),
                optional("role", .text),
                optional("organization", .text),
                optional("country", .countryCode),
                optional("sources", .textList),
            ]
        case .statement:
            return [
                required("speaker_id", .identifier),
                required("date", .date),
                required("text", .text),
                required("language", .languageTag),
                required("sources", .textList),
                optional("role", .text),
                optional("kind", .enumeration(["press_briefing", "interview", "speech", "post", "other"])),
                optional("summary", .text),
                optional("about_ids", .identifierList),
                optional("countries", .countryList),
                optional("stance", .enumeration(["positive", "negative", "neutral", "mixed"])),
                optional("stance_target", .text),
            ]
        }
    }
}
