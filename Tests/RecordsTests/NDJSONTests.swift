import Foundation
import Records
import Testing
import Wire

@Suite struct NDJSONTests {
    static let tallyLine =
        #"{"type":"tally","id":"t-1","election_id":"fr-2024","round":1,"unit_id":"FR","selection_id":"label:UG","#
        + #""votes":8974566,"status":"unofficial-complete","share":27.99,"sources":["Le Monde","a \"b\" \\ c"]}"#

    @Test func writesTypeAndIDFirstThenSchemaOrderWithNoSpaces() throws {
        let record = try RecordValidator.validate(
            Record(
                type: .tally, id: "t-1",
                fields: [
                    .init(name: "sources", value: .list(["Le Monde", "a \"b\" \\ c"])),
                    .init(name: "share", value: decimal("27.99")),
                    .init(name: "status", value: .enumeration("unofficial-complete")),
                    .init(name: "votes", value: .int(8_974_566)),
                    .init(name: "selection_id", value: .string("label:UG")),
                    .init(name: "unit_id", value: .string("FR")),
                    .init(name: "round", value: .int(1)),
                    .init(name: "election_id", value: .string("fr-2024")),
                ]))
        #expect(NDJSONWriter.line(for: record) == Self.tallyLine + "\n")
    }

    @Test func escapesStringsMinimally() {
        let record = Record(
            type: .person, id: "p",
            fields: [.init(name: "name", value: .string("é\u{1}\u{1F}\n\r\t\u{8}\u{C}/\u{7F}\"\\𝄞"))])
        #expect(
            NDJSONWriter.line(for: record)
                == #"{"type":"person","id":"p","name":"é\u0001\u001f\n\r\t\b\f/"# + "\u{7F}" + #"\"\\𝄞"}"# + "\n")
    }

    @Test func writesEveryValueKind() {
        let record = Record(
            type: .statement, id: "s",
            fields: [
                .init(name: "date", value: date("2024-07-08T10:15:00.5+02:00")),
                .init(name: "kind", value: .enumeration("post")),
                .init(name: "about_ids", value: .list([])),
                .init(name: "summary", value: .null),
                .init(name: "role", value: .int(.min)),
                .init(name: "text", value: .bool(false)),
            ])
        #expect(
            NDJSONWriter.line(for: record)
                == #"{"type":"statement","id":"s","date":"2024-07-08T10:15:00.5+02:00","kind":"post","about_ids":[],"#
                + #""role":-9223372036854775808,"text":false}"# + "\n")
    }

    @Test func readsAnyKeyOrderAndWhitespace() throws {
        let text = """
             { "votes" : 8974566 ,"share":27.99, "status":"unofficial-complete","selection_id":"label:UG",\t
            "unit_id":"FR","round":1,"election_id":"fr-2024","id":"t-1","type":"tally",
            "sources":[ "Le Monde" , "a \\"b\\" \\\\ c" ] }\r

            """
        let oneLine = text.replacingOccurrences(of: "\n", with: " ")
        let records = try readNDJSON(oneLine + "\n\n")
        #expect(records.count == 1)
        #expect(NDJSONWriter.line(for: records[0]) == Self.tallyLine + "\n")
    }

    @Test func decimalsKeepTheirExactText() throws {
        let line = Self.tallyLine.replacingOccurrences(of: "27.99", with: "27.990000000000000000000000000001")
        let record = try NDJSONReader.decode(line: line)
        #expect(record["share"] == decimal("27.990000000000000000000000000001"))
        #expect(NDJSONWriter.line(for: record) == line + "\n")
    }

    @Test func readsEscapesAndSurrogatePairs() throws {
        let record = try NDJSONReader.decode(
            line: #"{"type":"person","id":"p","name":"\u00e9\ud834\udd1e\/\b\f\n\r\t\"\\"}"#)
        #expect(record["name"] == .string("é𝄞/\u{8}\u{C}\n\r\t\"\\"))
    }

    @Test func nullAndEmptyListMeanAbsent() throws {
        let record = try NDJSONReader.decode(
            line: #"{"type":"person","id":"p","name":"P","role":null,"other_names":[]}"#)
        #expect(record.fields == [.init(name: "name", value: .string("P"))])
    }

    @Test func handlesCRLFAndAByteOrderMarkAndNoFinalNewline() throws {
        let text =
            "\u{FEFF}{\"type\":\"unit\",\"id\":\"FR\",\"name\":\"France\",\"level\":\"country\"}\r\n"
            + "{\"type\":\"unit\",\"id\":\"IT\",\"name\":\"Italia\",\"level\":\"country\"}"
        let records = try readNDJSON(text)
        #expect(records.map(\.id) == ["FR", "IT"])
        #expect(records[1]["name"] == .string("Italia"))
    }

    @Test func errorsNameTheLineRecordAndField() {
        let good = #"{"type":"unit","id":"FR","name":"France","level":"country"}"#
        let bad = #"{"type":"unit","id":"DE","name":"Deutschland","level":"country","registered":"many"}"#
        let refusal = ndjsonError([good, "", good, bad, good].joined(separator: "\n"))
        #expect(refusal?.line == 4)
        #expect(refusal?.code == .wrongType)
        #expect(
            refusal?.description
                == "line 4: unit \"DE\": field \"registered\": expected a non-negative int, got a string")
    }

    @Test func typeOutsideTheKindIsRefusedWithItsLine() {
        let refusal = ndjsonError(#"{"type":"person","id":"p","name":"P"}"#, kind: .election)
        #expect(refusal?.code == .typeNotInDataset)
        #expect(refusal?.line == 1)
    }

    @Test func numbersForIntsMustBeIntegersWithin64Bits() {
        let line = { (votes: String) in
            #"{"type":"tally","id":"t","election_id":"e","round":1,"unit_id":"u","selection_id":"s","votes":"#
                + votes + #","status":"certified"}"#
        }
        #expect(ndjsonError(line("12")) == nil)
        #expect(ndjsonError(line("12.0"))?.code == .wrongType)
        #expect(ndjsonError(line("1e3"))?.code == .wrongType)
        #expect(ndjsonError(line("\"12\""))?.code == .wrongType)
        #expect(ndjsonError(line("9223372036854775808"))?.code == .invalidValue)
        #expect(ndjsonError(line("-1"))?.code == .invalidValue)
    }

    @Test func malformedJSONIsRefusedWithAClearError() {
        let cases: [(String, String)] = [
            (#"{"type":"unit","id":"FR","name":"France","level":"country""#, "the object is not closed"),
            (#"{"type":"unit","id":"FR","name":"France","level":"country"} x"#, "unexpected 'x' after the object"),
            (#"{"type":"unit","id":"FR","name":"France","name":"F","level":"country"}"#, "duplicate key \"name\""),
            (#"{"type":"unit","id":"FR","name":{"a":1},"level":"country"}"#, "nested objects are not allowed"),
            (#"{"type":"unit","id":"FR","name":"France","level":"country",}"#, "expected a key string"),
            (#"{"type":"unit","id":"FR","name":"Fr"#, "the string is not closed"),
            (#"{"type":"unit","id":"FR","name":"\ud800","level":"country"}"#, "low surrogate"),
            (#"{"type":"unit","id":"FR","name":"\udc00","level":"country"}"#, "lone low surrogate"),
            (#"{"type":"unit","id":"FR","name":"\x","level":"country"}"#, "unknown escape"),
            (#"{"type":"unit","id":"FR","name":"\u12","level":"country"}"#, "four hex digits"),
            (#"{"type":"unit","id":"FR","name":tru,"level":"country"}"#, "expected a value"),
            (#"{"type":"unit","id":"FR","registered":012,"name":"F","level":"country"}"#, "leading zero"),
            (#"{"type":"unit","id":"FR","registered":1.,"name":"F","level":"country"}"#, "digits after '.'"),
            (#"{"type":"unit","id":"FR","registered":-,"name":"F","level":"country"}"#, "a digit after '-'"),
            (#"{"type":"party","id":"p","member_ids":["a",["b"]]}"#, "nested values"),
            (#"{"type":"party","id":"p","member_ids":["a",1]}"#, "lists hold only strings"),
            (#"["type"]"#, "expected '{'"),
            ("{\"type\":\"unit\",\"id\":\"FR\",\"name\":\"a\u{1}\",\"level\":\"country\"}", "control character"),
        ]
        for (line, expected) in cases {
            let refusal = ndjsonError(line)
            #expect(refusal?.code == .malformedJSON, "\(line)")
            #expect(refusal?.line == 1)
            #expect(refusal?.message.contains(expected) == true, "\(line): \(String(describing: refusal))")
        }
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"type":"unit","id":"FR","name":"#.utf8)
        bytes += [0x22, 0xC3, 0x28, 0x22]
        bytes += Array(#","level":"country"}"#.utf8)
        var reader = NDJSONReader(source: MemoryByteSource(bytes))
        #expect(throws: RecordError.self) { try reader.next() }
    }

    @Test func malformedUTF8SequencesAreRefusedAndValidOnesKept() throws {
        let prefix = Array(#"{"type":"person","id":"p","name":""#.utf8)
        let suffix = Array(#""}"#.utf8)
        let invalid: [[UInt8]] = [
            [0x80], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0xAF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0xC3],
        ]
        for sequence in invalid {
            var reader = NDJSONReader(source: MemoryByteSource(prefix + sequence + suffix))
            #expect(throws: RecordError.self, "\(sequence)") { try reader.next() }
        }
        let valid: [[UInt8]] = [
            [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9D, 0x84, 0x9E], [0xEF, 0xBF, 0xBF], [0x7F],
        ]
        for sequence in valid {
            var reader = NDJSONReader(source: MemoryByteSource(prefix + sequence + suffix))
            #expect(try reader.next()?["name"] == .string(String(decoding: sequence, as: UTF8.self)))
        }
        // In keys too.
        var reader = NDJSONReader(
            source: MemoryByteSource(Array(#"{"type":"person","id":"p",""#.utf8) + [0xFF] + Array(#"":1}"#.utf8)))
        #expect(throws: RecordError.self) { try reader.next() }
    }

    @Test func escapedKeysAreMatchedLikePlainOnes() throws {
        let record = try NDJSONReader.decode(line: #"{"\u0074ype":"person","id":"p","n\u0061me":"P"}"#)
        #expect(record["name"] == .string("P"))
    }

    @Test func everyTruncationOfAValidLineIsRefusedWithoutCrashing() {
        let utf8 = Array(Self.tallyLine.utf8)
        for length in 0..<utf8.count {
            var reader = NDJSONReader(source: MemoryByteSource(Array(utf8[..<length])))
            do {
                let record = try reader.next()
                #expect(record == nil && length == 0, "prefix of \(length) bytes was accepted")
            } catch {
                #expect(error.line == 1)
            }
        }
    }

    @Test func recordsMissingTypeOrIDAreRefused() {
        #expect(ndjsonError(#"{"id":"FR","name":"France","level":"country"}"#)?.code == .unknownType)
        #expect(ndjsonError(#"{"type":"nation","id":"FR"}"#)?.code == .unknownType)
        #expect(ndjsonError(#"{"type":"unit","name":"France","level":"country"}"#)?.code == .invalidID)
        #expect(ndjsonError(#"{"type":"unit","id":7,"name":"France","level":"country"}"#)?.code == .invalidID)
    }

    @Test func aLineOverTheLimitIsRefused() {
        let long = #"{"type":"person","id":"p","name":""# + String(repeating: "x", count: 3000) + "\"}"
        var reader = NDJSONReader(source: MemoryByteSource(long + "\n"), maximumLineLength: 1000)
        #expect(throws: RecordError.self) { try reader.next() }
    }
}
