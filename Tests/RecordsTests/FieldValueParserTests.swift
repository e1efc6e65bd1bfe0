import Records
import Testing
import Wire

@Suite struct FieldValueParserTests {
    @Test func parsesEachKindFromText() throws {
        #expect(try FieldValueParser.parse("42", as: .integer(minimum: 0)) == .int(42))
        #expect(try FieldValueParser.parse("-9223372036854775808", as: .integer(minimum: nil)) == .int(.min))
        #expect(try FieldValueParser.parse("27.99", as: .decimal) == decimal("27.99"))
        #expect(try FieldValueParser.parse("2024-07", as: .date) == date("2024-07"))
        #expect(try FieldValueParser.parse("true", as: .boolean) == .bool(true))
        #expect(try FieldValueParser.parse("certified", as: .enumeration(["certified"])) == .enumeration("certified"))
        #expect(try FieldValueParser.parse("a, b ,c", as: .textList) == .list(["a", "b", "c"]))
        #expect(try FieldValueParser.parse(#"["a, b","c"]"#, as: .textList) == .list(["a, b", "c"]))
        #expect(try FieldValueParser.parse("FR", as: .countryCode) == .string("FR"))
    }

    @Test func refusesTextThatIsNotOfTheKind() {
        let cases: [(String, FieldKind, RecordError.Code)] = [
            ("12.5", .integer(minimum: nil), .wrongType),
            ("9223372036854775808", .integer(minimum: nil), .wrongType),
            ("-1", .integer(minimum: 0), .invalidValue),
            ("1e3", .decimal, .wrongType),
            ("2024-02-30", .date, .invalidValue),
            ("yes", .boolean, .wrongType),
            ("final", .enumeration(["certified"]), .invalidValue),
            (#"["a", 1]"#, .textList, .invalidValue),
            (#"["a"] x"#, .textList, .invalidValue),
            ("fr", .countryCode, .invalidValue),
        ]
        for (text, kind, code) in cases {
            #expect(throws: RecordError.self, "\(text)") { try FieldValueParser.parse(text, as: kind) }
            do {
                _ = try FieldValueParser.parse(text, as: kind)
            } catch {
                #expect(error.code == code, "\(text): \(error)")
            }
        }
    }

    @Test func assignmentsBecomeAValidatedEdit() throws {
        let changes = try FieldValueParser.parseAssignments(
            ["share=", "votes=12", "observer=Jeanne"], type: .tally, id: "t-1", in: .election)
        #expect(
            changes == [
                .init(name: "votes", value: .int(12)), .init(name: "share", value: .null),
                .init(name: "observer", value: .string("Jeanne")),
            ])
    }

    @Test func badAssignmentNamesRecordAndField() {
        do {
            _ = try FieldValueParser.parseAssignments(["votes=many"], type: .tally, id: "t-1")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "tally \"t-1\": field \"votes\": expected an int, got \"many\"")
        }
        do {
            _ = try FieldValueParser.parseAssignments(["colour=red"], type: .tally, id: "t-1")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownField)
        }
        do {
            _ = try FieldValueParser.parseAssignments(["status="], type: .tally, id: "t-1")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingField)
        }
    }
}
