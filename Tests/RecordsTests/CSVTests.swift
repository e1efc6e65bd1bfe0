import Records
import Testing
import Wire

@Suite struct CSVTests {
    func read(_ text: String, kind: DatasetKind? = nil) throws(RecordError) -> [Record] {
        var reader = CSVReader(source: MemoryByteSource(text), kind: kind)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    func error(_ text: String, kind: DatasetKind? = nil) -> RecordError? {
        do {
            _ = try read(text, kind: kind)
            return nil
        } catch {
            return error
        }
    }

    @Test func writesAHeaderAndOneRowPerRecord() throws {
        var writer = CSVWriter(kind: .statement)
        var output: [UInt8] = []
        try writer.write(
            Record(
                type: .person, id: "p",
                fields: [
                    .init(name: "name", value: .string("Dmitry \"D\" Peskov, spokesperson")),
                    .init(name: "other_names", value: .list(["a|b", "c\\d", ""])),
                    .init(name: "role", value: .string("")),
                ]),
            into: &output)
        writer.finish(into: &output)
        let text = String(decoding: output, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0]
                == "type,id,name,other_names,role,organization,country,sources,speaker_id,date,text,language,kind,"
                + "summary,about_ids,countries,stance,stance_target")
        #expect(lines[1] == #"person,p,"Dmitry ""D"" Peskov, spokesperson",a\|b|c\\d|,"",,,,,,,,,,,,,"#)
        #expect(
            try read(text) == [
                try RecordValidator.validate(
                    Record(
                        type: .person, id: "p",
                        fields: [
                            .init(name: "name", value: .string("Dmitry \"D\" Peskov, spokesperson")),
                            .init(name: "other_names", value: .list(["a|b", "c\\d", ""])),
                            .init(name: "role", value: .string("")),
                        ]))
            ])
    }

    @Test func noRecordsIsJustTheHeader() {
        var writer = CSVWriter(kind: .election)
        var output: [UInt8] = []
        writer.finish(into: &output)
        #expect(
            String(decoding: output, as: UTF8.self) == CSVColumns.columns(for: .election).joined(separator: ",") + "\n")
    }

    @Test func readsSeveralTypesWithColumnsInAnyOrder() throws {
        let records = try read(
            """
            id,level,name,type,votes,round,election_id,unit_id,selection_id,status,share\r
            FR,country,France,unit,,,,,,,\r
            t1,,,tally,12,1,e,FR,label:RN,certified,29.25\r

            """, kind: .election)
        #expect(records.map(\.type) == [.unit, .tally])
        #expect(records[1]["share"] == decimal("29.25"))
        #expect(records[1].fields.first?.name == "election_id")
    }

    @Test func quotedCellsMaySpanLinesAndErrorsNameTheRowsFirstLine() {
        let text = """
            type,id,name,level,registered
            unit,A,"two
            lines",country,1
            unit,B,B,country,-5
            """
        let refusal = error(text)
        #expect(refusal?.line == 4)
        #expect(refusal?.field == "registered")
        #expect(refusal?.description == "line 4: unit \"B\": field \"registered\": -5 is below the minimum 0")
    }

    @Test func malformedFilesAreRefused() {
        let header = "type,id,name,level\n"
        #expect(error("")?.code == .malformedCSV)
        #expect(error("type,name\nunit,x\n")?.code == .malformedCSV)
        #expect(error("type,id,colour\n")?.code == .unknownField)
        #expect(error("type,id,id\n")?.code == .malformedCSV)
        #expect(error(header + "unit,A,France\n")?.code == .malformedCSV)
        #expect(error(header + "unit,A,\"France,country\n")?.code == .malformedCSV)
        #expect(error(header + "unit,A,Fr\"ance,country\n")?.code == .malformedCSV)
        #expect(error(header + "unit,A,\"France\"x,country\n")?.code == .malformedCSV)
        #expect(error(header + "nation,A,France,country\n")?.code == .unknownType)
        #expect(error(header + "unit,A,,country\n")?.code == .missingField)
        #expect(error("type,id,name,level,votes\nunit,A,F,country,3\n")?.code == .unknownField)
        #expect(error(header + "unit,A,France,country\n", kind: .statement)?.code == .unknownField)
        #expect(error("type,id,name\nunit,A,France\n", kind: .statement)?.code == .typeNotInDataset)
    }
}
