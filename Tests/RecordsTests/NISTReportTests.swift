import Foundation
import Records
import Testing
import Wire

/// `--format nist`: an election dataset as a NIST SP 1500-100 v2 JSON ElectionReport, and back, losslessly.
@Suite struct NISTReportTests {
    static let samples = ["fr-legislative-2024.ndjson", "fr-legislative-2022.ndjson"]

    static func sample(_ name: String) throws -> (records: [Record], bytes: [UInt8]) {
        try SampleDatasetTests.read(name, kind: .election)
    }

    static func write(_ records: [Record], _ format: RecordFormat = .nist) throws -> [UInt8] {
        var writer = format.writer(kind: .election)
        var bytes: [UInt8] = []
        for record in records { try writer.write(record, into: &bytes) }
        writer.finish(into: &bytes)
        return bytes
    }

    static func read(_ bytes: [UInt8], _ format: RecordFormat = .nist, kind: DatasetKind? = .election) throws
        -> [Record]
    {
        var reader = try format.reader(source: MemoryByteSource(bytes), kind: kind)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// The error reading `text` as a NIST report throws, or `nil`.
    static func error(reading text: String) -> RecordError? {
        do {
            _ = try read(Array(text.utf8))
            return nil
        } catch let error as RecordError {
            return error
        } catch {
            return nil
        }
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test(arguments: samples)
    func sampleExportImportsBackToTheSameNDJSON(name: String) throws {
        let (records, original) = try Self.sample(name)
        let report = try Self.write(records)
        let back = try Self.read(report).sorted(by: Record.exportOrder)
        #expect(NDJSONWriter.encode(back) == original)
        #expect(try Self.write(back) == report, "the same records give the same bytes")
    }

    @Test func theReportHasTheNISTStructure() throws {
        let report = try Self.json(try Self.write(try Self.sample("fr-legislative-2024.ndjson").records))
        #expect(report["@type"] as? String == "ElectionResults.ElectionReport")
        #expect(report["Status"] as? String == "unofficial-complete")
        #expect(report["Format"] as? String == "summary-contest")
        let election = try #require((report["Election"] as? [[String: Any]])?.first)
        #expect(election["@type"] as? String == "ElectionResults.Election")
        #expect(election["StartDate"] as? String == "2024-06-30")
        #expect(election["EndDate"] as? String == "2024-07-07")
        #expect(election["Type"] as? String == "general")
        #expect(election["ElectionScopeId"] as? String == "FR")
        let contests = try #require(election["Contest"] as? [[String: Any]])
        #expect(contests.count == 2, "one contest per round")
        #expect(contests.allSatisfy { $0["@type"] as? String == "ElectionResults.PartyContest" })
        let selections = try #require(contests[0]["ContestSelection"] as? [[String: Any]])
        let ens = try #require(selections.first { $0["@id"] as? String == "fr-legislative-2024:r1:FR:ENS" })
        #expect(ens["@type"] as? String == "ElectionResults.PartySelection")
        #expect(ens["PartyIds"] as? [String] == ["label:ENS"])
        let count = try #require((ens["VoteCounts"] as? [[String: Any]])?.first)
        #expect(count["@type"] as? String == "ElectionResults.VoteCounts")
        #expect(count["Count"] as? Int == 6_425_217)
        #expect(count["GpUnitId"] as? String == "FR")
        #expect(count["Type"] as? String == "total")
        #expect(count["Round"] as? Int == 1)
        let extensions = try #require(contests[0]["ExternalIdentifier"] as? [[String: Any]])
        let share = try #require(
            extensions.first {
                $0["OtherType"] as? String == "tally:share" && $0["Label"] as? String == "fr-legislative-2024:r1:FR:ENS"
            })
        #expect(share["Type"] as? String == "other")
        #expect(share["Value"] as? String == "20.04", "decimals keep their exact text")
        let status = extensions.first {
            $0["OtherType"] as? String == "tally:status" && $0["Label"] as? String == "fr-legislative-2024:r1:FR:UXD"
        }
        #expect(status?["Value"] as? String == "unofficial-complete", "each count has its ResultsStatus")
        let seats = try #require(
            (contests[1]["ContestSelection"] as? [[String: Any]])?.first {
                $0["@id"] as? String == "fr-legislative-2024:r2:FR:RN"
            }
        )
        #expect((seats["VoteCounts"] as? [[String: Any]])?.last?["Type"] as? String == "seats")
        #expect((seats["VoteCounts"] as? [[String: Any]])?.last?["Count"] as? Int == 125)
        let turnout = try #require((election["BallotCounts"] as? [[String: Any]])?.first)
        #expect(turnout["@type"] as? String == "ElectionResults.BallotCounts")
        #expect(turnout["BallotsCast"] as? Int == 32_910_888)
        #expect(turnout["GpUnitId"] as? String == "FR")
        let unit = try #require((report["GpUnit"] as? [[String: Any]])?.first)
        #expect(unit["@type"] as? String == "ElectionResults.ReportingUnit")
        #expect(unit["@id"] as? String == "FR")
        #expect(unit["Type"] as? String == "country")
        let parties = try #require(report["Party"] as? [[String: Any]])
        let nfp = try #require(parties.first { $0["@id"] as? String == "alliance:NFP" })
        #expect(nfp["@type"] as? String == "ElectionResults.Coalition")
        #expect(nfp["PartyIds"] as? [String] == ["label:UG", "party:LFI", "party:PS", "party:LE", "party:PCF"])
        let rn = try #require(parties.first { $0["@id"] as? String == "label:RN" })
        #expect(rn["@type"] as? String == "ElectionResults.Party")
        let abbreviation = try #require(rn["Abbreviation"] as? [String: Any])
        #expect((abbreviation["Text"] as? [[String: Any]])?.first?["Content"] as? String == "RN")
    }

    @Test func everyFieldTallyModelsSurvivesEvenWhereNISTHasNoPlace() throws {
        let text = """
            {"type":"election","id":"e1","name":"Référendum \\"quoted\\"","country":"NC","body":"Congrès","kind":"referendum","start_date":"2021","status":"certified","round_dates":["2021-12","2021-12-12T08:00:00+11:00"],"seats_total":0,"sources":["a","https://example.org/x"]}
            {"type":"election","id":"e2","name":"Second","country":"FR","body":"B","kind":"runoff","start_date":"2024-06-30T08:00:00Z","status":"unofficial-partial","end_date":"2024-07"}
            {"type":"party","id":"p1","name":"Bloc","country":"FR","classification":"alliance"}
            {"type":"party","id":"p2","name":"Group","country":"FR","classification":"group","member_ids":["p3"],"color":"ff0000"}
            {"type":"party","id":"p3","name":"Party","country":"FR","classification":"party","abbreviation":"P","leader":"Someone","color":"Red"}
            {"type":"unit","id":"c1","name":"Commune","level":"commune","parent_id":"d1","registered":1200}
            {"type":"unit","id":"d1","name":"Department","level":"department","parent_id":"r1"}
            {"type":"unit","id":"o1","name":"Orphan","level":"polling_station","parent_id":"gone"}
            {"type":"unit","id":"r1","name":"Region","level":"region"}
            {"type":"unit","id":"x1","name":"Constituency","level":"constituency","parent_id":"r1"}
            {"type":"tally","id":"t1","election_id":"e1","round":1,"unit_id":"c1","selection_id":"p3","votes":0,"status":"certified","seats":0,"share":3.90,"observer":"obs","reported_at":"2021-12-12T20:00:00.5+11:00","sources":["s1","s2"]}
            {"type":"tally","id":"t2","election_id":"e1","round":1,"unit_id":"c1","selection_id":"p3","votes":9223372036854775807,"status":"recount"}
            {"type":"tally","id":"t3","election_id":"missing","round":3,"unit_id":"nowhere","selection_id":"nobody","votes":7,"status":"pre-election"}
            {"type":"turnout","id":"v1","election_id":"e1","round":1,"unit_id":"c1","registered":1200,"ballots_cast":900,"status":"certified","blank":1,"void":2,"valid":897,"observer":"o","reported_at":"2021"}
            {"type":"turnout","id":"v2","election_id":"missing","round":2,"unit_id":"c1","registered":0,"ballots_cast":0,"status":"correction"}

            """
        let records = try readNDJSON(text, kind: .election).sorted(by: Record.exportOrder)
        let back = try Self.read(try Self.write(records)).sorted(by: Record.exportOrder)
        #expect(NDJSONWriter.encode(back) == NDJSONWriter.encode(records))
    }

    @Test func randomElectionDatasetsRoundTrip() throws {
        var random = RandomRecords(seed: 11)
        for batch in 0..<40 {
            var seen: Set<String> = []
            let records = (0..<40).map { _ in random.record(kind: .election) }
                .filter { seen.insert($0.id).inserted }  // a dataset holds one record per id
                .sorted(by: Record.exportOrder)
            let bytes = try Self.write(records)
            let back = try Self.read(bytes).sorted(by: Record.exportOrder)
            #expect(back == records, "batch \(batch)")
            if back != records { return }
        }
    }

    @Test func aStatementDatasetIsRefusedBothWays() throws {
        let report = try Self.write(try Self.sample("fr-legislative-2022.ndjson").records)
        #expect(throws: RecordError.self) { try Self.read(report, kind: .statement) }
        do {
            _ = try Self.read(report, kind: .statement)
        } catch let error as RecordError {
            #expect(error.code == .typeNotInDataset)
            #expect(error.description.contains("--format popolo"))
        }
        var writer = NISTReportWriter()
        var bytes: [UInt8] = []
        let person = Record(type: .person, id: "p", fields: [Record.Field(name: "name", value: .string("P"))])
        #expect(throws: RecordError.self) { try writer.write(person, into: &bytes) }
        #expect(throws: RecordError.self) { try RecordFormat.nist.check(kind: .statement) }
        try RecordFormat.nist.check(kind: .election)
    }

    @Test func aBadCountIsRefusedNamingItsPlace() throws {
        var text = String(
            decoding: try Self.write(try Self.sample("fr-legislative-2022.ndjson").records), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"Count\": 5857364", with: "\"Count\": \"many\"")
        let error = try #require(Self.error(reading: text))
        #expect(error.code == .wrongType)
        #expect(error.description.contains("Election[0].Contest[0].ContestSelection[0].VoteCounts[0].Count"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aBadStatusIsRefusedNamingTheRecordAndField() throws {
        var text = String(
            decoding: try Self.write(try Self.sample("fr-legislative-2022.ndjson").records), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"Status\": \"unofficial-complete\"", with: "\"Status\": \"final\"")
        text = text.replacingOccurrences(of: "\"Value\": \"unofficial-complete\"", with: "\"Value\": \"final\"")
        let error = try #require(Self.error(reading: text))
        #expect(error.code == .invalidValue)
        #expect(error.description.hasPrefix("NIST report: Election[0].ExternalIdentifier["))
        #expect(error.description.contains("election: field \"status\": "))
    }

    @Test func aDocumentThatIsNoReportIsRefused() throws {
        #expect(
            Self.error(reading: "[1, 2]")?.description == "NIST report: the document: expected an object, got an array")
        let wrongType = try #require(Self.error(reading: "{\"@type\": \"ElectionResults.Election\"}"))
        #expect(wrongType.description.contains("\"ElectionResults.ElectionReport\""))
        let truncated = try #require(
            Self.error(reading: "{\n  \"@type\": \"ElectionResults.ElectionReport\",\n  \"GpUnit\": [\n"))
        #expect(truncated.code == .malformedJSON)
        #expect(truncated.line == 4)
        let extensionTypo = """
            {"@type": "ElectionResults.ElectionReport", "Status": "certified", "GpUnit": [{"@type":
            "ElectionResults.ReportingUnit", "@id": "FR", "Name": {"@type": "ElectionResults.InternationalizedText",
            "Text": [{"@type": "ElectionResults.LanguageString", "Content": "France", "Language": "fr"}]},
            "Type": "country", "ExternalIdentifier": [{"@type": "ElectionResults.ExternalIdentifier", "Type": "other",
            "OtherType": "tally:colour", "Value": "red"}]}]}
            """
        let typo = try #require(Self.error(reading: extensionTypo))
        #expect(typo.description.contains("GpUnit[0].ExternalIdentifier[0]"))
        #expect(typo.description.contains("colour"))
    }

    @Test func aReportOverTheSizeLimitIsRefusedPlainly() throws {
        let report = try Self.write(try Self.sample("fr-legislative-2024.ndjson").records)
        #expect(throws: RecordError.self) {
            _ = try NISTReportReader(source: MemoryByteSource(report), kind: .election, maximumSize: 1 << 10)
        }
        do throws(RecordError) {
            _ = try NISTReportReader(source: MemoryByteSource(report), kind: .election, maximumSize: 1 << 10)
        } catch {
            #expect(error.code == .recordTooLong)
        }
    }

    @Test func aReportFromOtherSoftwareReadsWithoutTallyExtensions() throws {
        let text = """
            {
              "@type": "ElectionResults.ElectionReport", "Format": "summary-contest",
              "GeneratedDate": "2024-11-06T02:00:00Z", "Issuer": "County", "IssuerAbbreviation": "C",
              "SequenceStart": 1, "SequenceEnd": 1, "Status": "unofficial-partial", "VendorApplicationId": "X",
              "GpUnit": [
                {"@type": "ElectionResults.ReportingUnit", "@id": "st", "Type": "state", "ComposingGpUnitIds": ["p1"],
                 "Name": {"@type": "ElectionResults.InternationalizedText",
                          "Text": [{"@type": "ElectionResults.LanguageString", "Content": "State", "Language": "en"}]}},
                {"@type": "ElectionResults.ReportingUnit", "@id": "p1", "Type": "precinct", "VotersRegistered": 50,
                 "Name": {"@type": "ElectionResults.InternationalizedText",
                          "Text": [{"@type": "ElectionResults.LanguageString", "Content": "P1", "Language": "en"}]}}
              ],
              "Election": [{
                "@type": "ElectionResults.Election", "Type": "primary", "StartDate": "2024-11-05",
                "EndDate": "2024-11-05", "ElectionScopeId": "st",
                "ExternalIdentifier": [
                  {"@type": "ElectionResults.ExternalIdentifier", "Type": "fips", "Value": "06"},
                  {"@type": "ElectionResults.ExternalIdentifier", "Type": "other", "OtherType": "tally:country",
                   "Value": "US"},
                  {"@type": "ElectionResults.ExternalIdentifier", "Type": "other", "OtherType": "tally:body",
                   "Value": "Party"}
                ],
                "Name": {"@type": "ElectionResults.InternationalizedText",
                         "Text": [{"@type": "ElectionResults.LanguageString", "Content": "Primary", "Language": "en"}]},
                "Contest": [{"@type": "ElectionResults.PartyContest", "@id": "c", "Name": "C",
                  "ElectionDistrictId": "st",
                  "ContestSelection": [{"@type": "ElectionResults.PartySelection", "@id": "s1", "PartyIds": ["dem"],
                    "VoteCounts": [{"@type": "ElectionResults.VoteCounts", "Count": 30, "GpUnitId": "p1",
                                    "Type": "total"}]}]}],
                "BallotCounts": [{"@type": "ElectionResults.BallotCounts", "BallotsCast": 40, "GpUnitId": "p1",
                                  "Type": "total"}]
              }]
            }
            """
        let records = try Self.read(Array(text.utf8))
        let lines = NDJSONWriter.encode(records.sorted(by: Record.exportOrder))
        #expect(
            String(decoding: lines, as: UTF8.self) == """
                {"type":"election","id":"election-1","name":"Primary","country":"US","body":"Party","kind":"other","start_date":"2024-11-05","status":"unofficial-partial","end_date":"2024-11-05"}
                {"type":"unit","id":"p1","name":"P1","level":"polling_station","parent_id":"st","registered":50}
                {"type":"unit","id":"st","name":"State","level":"region"}
                {"type":"tally","id":"s1","election_id":"election-1","round":1,"unit_id":"p1","selection_id":"dem","votes":30,"status":"unofficial-partial"}
                {"type":"turnout","id":"election-1:r1:p1","election_id":"election-1","round":1,"unit_id":"p1","registered":50,"ballots_cast":40,"status":"unofficial-partial"}

                """
        )
    }
}

extension NISTReportTests {
    /// A dataset the size of a country's communes: thousands of units and tens of thousands of tallies in one
    /// contest, whose extension entries must be looked up, not searched.
    static func largeDataset(units: Int, parties: Int) throws -> [Record] {
        var lines = [
            #"{"type":"election","id":"big","name":"Big","country":"FR","body":"B","kind":"general","start_date":"2024-06-30","status":"unofficial-partial"}"#,
            #"{"type":"unit","id":"FR","name":"France","level":"country"}"#,
        ]
        for party in 0..<parties {
            lines.append(#"{"type":"party","id":"p\#(party)","name":"P","country":"FR","classification":"party"}"#)
        }
        for unit in 0..<units {
            lines.append(#"{"type":"unit","id":"c\#(unit)","name":"C","level":"commune","parent_id":"FR"}"#)
            lines.append(
                #"{"type":"turnout","id":"big:r1:c\#(unit)","election_id":"big","round":1,"unit_id":"c\#(unit)","registered":900,"ballots_cast":\#(unit),"status":"unofficial-partial"}"#
            )
            for party in 0..<parties {
                lines.append(
                    #"{"type":"tally","id":"big:r1:c\#(unit):p\#(party)","election_id":"big","round":1,"unit_id":"c\#(unit)","selection_id":"p\#(party)","votes":\#(unit + party),"status":"unofficial-partial","share":1.50,"sources":["s"]}"#
                )
            }
        }
        return try readNDJSON(lines.joined(separator: "\n"), kind: .election).sorted(by: Record.exportOrder)
    }

    @Test(.timeLimit(.minutes(1))) func aLargeDatasetRoundTripsInLinearTime() throws {
        let records = try Self.largeDataset(units: 1500, parties: 8)
        let back = try Self.read(try Self.write(records)).sorted(by: Record.exportOrder)
        #expect(back.count == records.count)
        #expect(back == records)
    }
}
