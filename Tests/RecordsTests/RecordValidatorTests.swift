import Records
import Testing
import Wire

@Suite struct RecordValidatorTests {
    let tally = Record(
        type: .tally,
        id: "t-1",
        fields: [
            .init(name: "share", value: decimal("27.99")),
            .init(name: "votes", value: .int(8_974_566)),
            .init(name: "election_id", value: .string("fr-2024")),
            .init(name: "round", value: .int(1)),
            .init(name: "unit_id", value: .string("FR")),
            .init(name: "selection_id", value: .string("label:UG")),
            .init(name: "status", value: .enumeration("certified")),
        ]
    )

    func error(_ record: Record, in kind: DatasetKind? = nil) -> RecordError? {
        do {
            _ = try RecordValidator.validate(record, in: kind)
            return nil
        } catch {
            return error
        }
    }

    func replacing(_ name: String, with value: FieldValue) -> Record {
        var record = tally
        record.fields = record.fields.map { $0.name == name ? .init(name: name, value: value) : $0 }
        return record
    }

    @Test func validRecordComesBackInSchemaOrder() throws {
        let valid = try RecordValidator.validate(tally, in: .election)
        #expect(
            valid.fields.map(\.name) == ["election_id", "round", "unit_id", "selection_id", "votes", "status", "share"])
        #expect(valid["share"] == decimal("27.99"))
    }

    @Test func unknownFieldIsRefusedNamingRecordAndField() {
        var record = tally
        record.fields.append(.init(name: "colour", value: .string("red")))
        let refusal = error(record)
        #expect(refusal?.code == .unknownField)
        #expect(refusal?.field == "colour")
        #expect(refusal?.typeName == "tally")
        #expect(refusal?.id == "t-1")
        #expect(refusal?.description == "tally \"t-1\": field \"colour\": a tally has no such field")
    }

    @Test func wrongTypeIsRefused() {
        let refusal = error(replacing("votes", with: .string("12")))
        #expect(refusal?.code == .wrongType)
        #expect(refusal?.field == "votes")
        #expect(refusal?.message == "expected a non-negative int, got a string")
    }

    @Test func negativeCountAndZeroRoundAreRefused() {
        #expect(error(replacing("votes", with: .int(-1)))?.code == .invalidValue)
        #expect(error(replacing("round", with: .int(0)))?.code == .invalidValue)
    }

    @Test func badEnumWordIsRefusedListingTheWords() {
        let refusal = error(replacing("status", with: .enumeration("final")))
        #expect(refusal?.code == .invalidValue)
        #expect(refusal?.message.contains("unofficial-partial") == true)
    }

    @Test func badIDsAreRefused() {
        for id in ["", "a b", "é", String(repeating: "x", count: 129), "a/b"] {
            var record = tally
            record.id = id
            #expect(error(record)?.code == .invalidID, "id \(id)")
        }
        var record = tally
        record.id = String(repeating: "x", count: 128)
        #expect(error(record) == nil)
    }

    @Test func badReferenceIsRefused() {
        #expect(error(replacing("unit_id", with: .string("not an id")))?.code == .invalidValue)
    }

    @Test func missingRequiredFieldIsRefused() {
        var record = tally
        record.fields.removeAll { $0.name == "status" }
        let refusal = error(record)
        #expect(refusal?.code == .missingField)
        #expect(refusal?.field == "status")
        // A `.null` counts as absent.
        #expect(error(replacing("status", with: .null))?.code == .missingField)
    }

    @Test func duplicateFieldIsRefused() {
        var record = tally
        record.fields.append(.init(name: "votes", value: .int(1)))
        #expect(error(record)?.code == .duplicateField)
    }

    @Test func typeOutsideTheDatasetKindIsRefused() {
        let refusal = error(tally, in: .statement)
        #expect(refusal?.code == .typeNotInDataset)
        #expect(refusal?.message == "a statement dataset holds only person, statement records")
    }

    @Test func countryCodesMustBeTwoUppercaseLetters() {
        let person = { (country: String) in
            Record(
                type: .person, id: "p",
                fields: [.init(name: "name", value: .string("P")), .init(name: "country", value: .string(country))])
        }
        #expect(error(person("FR")) == nil)
        for bad in ["fr", "FRA", "F", "F1", ""] {
            #expect(error(person(bad))?.code == .invalidValue, "\(bad)")
        }
    }

    @Test func listsMustBeNonEmptyAndShapedByTheirKind() {
        let party = { (members: FieldValue) in
            Record(
                type: .party, id: "p",
                fields: [
                    .init(name: "name", value: .string("P")), .init(name: "country", value: .string("FR")),
                    .init(name: "classification", value: .enumeration("alliance")),
                    .init(name: "member_ids", value: members),
                ])
        }
        #expect(error(party(.list(["a", "b"]))) == nil)
        #expect(error(party(.list([])))?.code == .invalidValue)
        #expect(error(party(.list(["a", "b c"])))?.code == .invalidValue)
        #expect(error(party(.string("a")))?.code == .wrongType)
    }

    @Test func editChecksOnlyTheGivenFieldsAndMayClearOptionalOnes() throws {
        let changes = try RecordValidator.validateEdit(
            type: .tally, id: "t-1",
            changes: [.init(name: "share", value: .null), .init(name: "votes", value: .int(3))])
        #expect(changes.map(\.name) == ["votes", "share"])
        #expect(throws: RecordError.self) {
            try RecordValidator.validateEdit(type: .tally, id: "t-1", changes: [.init(name: "votes", value: .null)])
        }
        do {
            _ = try RecordValidator.validateEdit(type: .tally, id: "t-1", changes: [.init(name: "votes", value: .null)])
        } catch {
            #expect(error.code == .missingField)
            #expect(error.field == "votes")
        }
    }

    @Test func applyingAnEditRemovesClearedFieldsAndKeepsSchemaOrder() {
        let edited = tally.applying([.init(name: "share", value: .null), .init(name: "seats", value: .int(178))])
        #expect(edited["share"] == .null)
        #expect(edited["seats"] == .int(178))
        #expect(
            edited.fields.map(\.name) == [
                "election_id", "round", "unit_id", "selection_id", "votes", "status", "seats",
            ])
    }
}
