import Records
import Testing
import Wire

@Suite struct RecordSchemaTests {
    @Test func fieldsFollowTheProductTableInOrder() {
        let names = { (type: RecordType) in RecordSchema.for(type).fields.map(\.name) }
        #expect(
            names(.election) == [
                "name", "country", "body", "kind", "start_date", "status", "end_date", "round_dates", "seats_total",
                "sources",
            ])
        #expect(
            names(.party) == [
                "name", "country", "classification", "abbreviation", "member_ids", "leader", "color", "sources",
            ])
        #expect(names(.unit) == ["name", "level", "parent_id", "registered"])
        #expect(
            names(.tally) == [
                "election_id", "round", "unit_id", "selection_id", "votes", "status", "seats", "share", "observer",
                "reported_at", "sources",
            ])
        #expect(
            names(.turnout) == [
                "election_id", "round", "unit_id", "registered", "ballots_cast", "status", "blank", "void", "valid",
                "observer", "reported_at",
            ])
        #expect(names(.person) == ["name", "other_names", "role", "organization", "country", "sources"])
        #expect(
            names(.statement) == [
                "speaker_id", "date", "text", "language", "sources", "role", "kind", "summary", "about_ids",
                "countries", "stance", "stance_target",
            ])
    }

    @Test func requiredFieldsAreThoseOfTheTable() {
        #expect(
            RecordSchema.for(.election).requiredFieldNames == [
                "name", "country", "body", "kind", "start_date", "status",
            ])
        #expect(RecordSchema.for(.party).requiredFieldNames == ["name", "country", "classification"])
        #expect(RecordSchema.for(.unit).requiredFieldNames == ["name", "level"])
        #expect(
            RecordSchema.for(.tally).requiredFieldNames == [
                "election_id", "round", "unit_id", "selection_id", "votes", "status",
            ])
        #expect(
            RecordSchema.for(.turnout).requiredFieldNames == [
                "election_id", "round", "unit_id", "registered", "ballots_cast", "status",
            ])
        #expect(RecordSchema.for(.person).requiredFieldNames == ["name"])
        #expect(
            RecordSchema.for(.statement).requiredFieldNames == ["speaker_id", "date", "text", "language", "sources"])
    }

    @Test func enumsHoldTheirWords() {
        #expect(
            RecordSchema.for(.election).field(named: "kind")?.kind
                == .enumeration(["general", "runoff", "special", "referendum", "other"]))
        #expect(
            RecordSchema.for(.party).field(named: "classification")?.kind
                == .enumeration(["party", "alliance", "group"]))
        #expect(
            RecordSchema.for(.unit).field(named: "level")?.kind
                == .enumeration(["country", "region", "department", "constituency", "commune", "polling_station"]))
        let status = FieldKind.enumeration([
            "certified", "correction", "pre-election", "recount", "unofficial-complete", "unofficial-partial",
        ])
        for type in [RecordType.election, .tally, .turnout] {
            #expect(RecordSchema.for(type).field(named: "status")?.kind == status)
        }
        #expect(
            RecordSchema.for(.statement).field(named: "kind")?.kind
                == .enumeration(["press_briefing", "interview", "speech", "post", "other"]))
        #expect(
            RecordSchema.for(.statement).field(named: "stance")?.kind
                == .enumeration(["positive", "negative", "neutral", "mixed"]))
    }

    @Test func valueTypesAreTheSensibleOnes() {
        #expect(RecordSchema.for(.tally).field(named: "share")?.kind == .decimal)
        #expect(RecordSchema.for(.tally).field(named: "votes")?.kind == .integer(minimum: 0))
        #expect(RecordSchema.for(.tally).field(named: "round")?.kind == .integer(minimum: 1))
        #expect(RecordSchema.for(.statement).field(named: "date")?.kind == .date)
        #expect(RecordSchema.for(.statement).field(named: "countries")?.kind == .countryList)
        #expect(RecordSchema.for(.election).field(named: "round_dates")?.kind == .dateList)
        #expect(RecordSchema.for(.party).field(named: "member_ids")?.kind == .identifierList)
        #expect(RecordSchema.for(.person).field(named: "other_names")?.kind == .textList)
        #expect(RecordSchema.for(.tally).field(named: "nope") == nil)
    }
}
