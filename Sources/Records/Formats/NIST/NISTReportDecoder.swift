import Wire

/// Turns a NIST SP 1500-100 v2 `ElectionReport` back into Tally records: the inverse of `NISTReportEncoder`,
/// and a reader of reports written by other software for what Tally models (docs/formats.md says what is read).
/// Every record is validated; every error names the place in the document.
struct NISTReportDecoder {
    /// The report.
    let root: JSONNode

    /// Control entries of an election that are no fields.
    private static let electionControls: Set<String> = [
        NISTExtension.id, NISTExtension.placeholder, NISTExtension.turnout, NISTExtension.absent,
    ]

    /// All records of the report, in document order.
    func records() throws(RecordError) -> [Record] {
        try root.expectType([NISTVocabulary.reportType])
        let reportStatus = try root.string("Status")
        let unitNodes = try root.elements(of: "GpUnit")
        var parents: [String: String] = [:]
        for node in unitNodes {
            try node.expectType(["ElectionResults.ReportingUnit"])
            let id = try node.required("@id").string()
            for child in try node.strings("ComposingGpUnitIds") ?? [] {
                if let other = parents[child], other != id {
                    throw node.error(
                        .invalidValue,
                        "unit \(RecordError.quoted(child)) is also composing \(RecordError.quoted(other)); "
                            + "a Tally unit has one parent"
                    )
                }
                parents[child] = id
            }
        }
        var records: [Record] = []
        var registered: [String: Int64] = [:]
        for node in unitNodes {
            let unit = try self.unit(node, parent: parents)
            if case .int(let count) = unit["registered"] { registered[unit.id] = count }
            records.append(unit)
        }
        for node in try root.elements(of: "Party") { records.append(try party(node)) }
        for (index, node) in try root.elements(of: "Election").enumerated() {
            records += try election(node, index: index, reportStatus: reportStatus, registered: registered)
        }
        return records
    }

    // MARK: Units and parties

    private func unit(_ node: JSONNode, parent: [String: String]) throws(RecordError) -> Record {
        let id = try node.required("@id").string()
        let extensions = try NISTExtensionSet(of: node)
        var fields: [Record.Field] = []
        if let name = node.child("Name") { fields.append(field("name", .string(try NISTVocabulary.text(of: name)))) }
        let typeNode = try node.required("Type")
        let type = try typeNode.string()
        guard let level = NISTVocabulary.level(reportingUnitType: type, otherType: try node.string("OtherType")) else {
            throw typeNode.error(.invalidValue, "the ReportingUnitType \(RecordError.quoted(type)) has no Tally level")
        }
        fields.append(field("level", .enumeration(level)))
        if let parentID = parent[id] { fields.append(field("parent_id", .string(parentID))) }
        if let count = node.child("VotersRegistered") { fields.append(field("registered", .int(try count.integer()))) }
        fields += try extensions.fields(of: .unit)
        try extensions.checkLabels([])
        return try record(.unit, id, fields, at: node)
    }

    private func party(_ node: JSONNode) throws(RecordError) -> Record {
        let type = try node.expectType(["ElectionResults.Party", "ElectionResults.Coalition"])
        let isCoalition = type == "ElectionResults.Coalition"
        let id = try node.required("@id").string()
        let extensions = try NISTExtensionSet(of: node)
        var fields: [Record.Field] = []
        if let name = node.child("Name") { fields.append(field("name", .string(try NISTVocabulary.text(of: name)))) }
        if isCoalition {
            fields.append(field("classification", .enumeration("alliance")))
            if let members = try node.strings("PartyIds"), !members.isEmpty {
                fields.append(field("member_ids", .list(members)))
            }
        } else if extensions.values("classification").isEmpty {
            fields.append(field("classification", .enumeration("party")))
        }
        if let abbreviation = node.child("Abbreviation") {
            fields.append(field("abbreviation", .string(try NISTVocabulary.text(of: abbreviation))))
        }
        if let color = try node.string("Color") { fields.append(field("color", .string(color))) }
        fields += try extensions.fields(of: .party)
        try extensions.checkLabels([])
        return try record(.party, id, fields, at: node)
    }

    // MARK: Elections

    private func election(
        _ node: JSONNode, index: Int, reportStatus: String?, registered: [String: Int64]
    ) throws(RecordError) -> [Record] {
        try node.expectType(["ElectionResults.Election"])
        let extensions = try NISTExtensionSet(of: node)
        let id = try extensions.value(NISTExtension.id) ?? "election-\(index + 1)"
        var records: [Record] = []
        if try extensions.value(NISTExtension.placeholder) != "true" {
            let absent = Set(extensions.values(NISTExtension.absent))
            var fields: [Record.Field] = []
            if let name = node.child("Name") {
                fields.append(field("name", .string(try NISTVocabulary.text(of: name))))
            }
            if let type = try node.string("Type") {
                let kind = NISTVocabulary.kind(electionType: type, otherType: try node.string("OtherType"))
                fields.append(field("kind", .enumeration(kind)))
            }
            for (property, name) in [("StartDate", "start_date"), ("EndDate", "end_date")]
            where extensions.values(name).isEmpty && !absent.contains(name) {
                guard let dateNode = node.child(property) else { continue }
                fields.append(field(name, try value(dateNode, as: .date)))
            }
            if extensions.values("status").isEmpty, let reportStatus {
                fields.append(field("status", .enumeration(reportStatus)))
            }
            fields += try extensions.fields(of: .election, skipping: NISTReportDecoder.electionControls)
            records.append(try record(.election, id, fields, at: node))
        }
        var tallyIDs: Set<String> = []
        for contest in try node.elements(of: "Contest") {
            records += try tallies(contest, election: id, reportStatus: reportStatus, ids: &tallyIDs)
        }
        let turnouts = try self.turnouts(
            node, election: id, extensions: extensions, reportStatus: reportStatus, registered: registered)
        try extensions.checkLabels(Set(turnouts.map(\.id)))
        return records + turnouts
    }

    private func tallies(
        _ contest: JSONNode, election: String, reportStatus: String?, ids: inout Set<String>
    ) throws(RecordError) -> [Record] {
        try contest.expectType(["ElectionResults.PartyContest"])
        let extensions = try NISTExtensionSet(of: contest)
        var records: [Record] = []
        var labels: Set<String> = []
        for selection in try contest.elements(of: "ContestSelection") {
            try selection.expectType(["ElectionResults.PartySelection"])
            let selectionID = try selection.required("@id").string()
            let partiesNode = try selection.required("PartyIds")
            let parties = try selection.strings("PartyIds") ?? []
            guard parties.count == 1 else {
                throw partiesNode.error(.invalidValue, "Tally reads one party per selection, found \(parties.count)")
            }
            let counts = try selection.elements(of: "VoteCounts").map { (node) throws(RecordError) in
                try VoteCount(node)
            }
            let totals = counts.filter { $0.type == "total" }
            if totals.isEmpty, let first = counts.first {
                throw first.node.error(.missingField, "the selection has no VoteCounts of Type \"total\"")
            }
            for total in totals {
                let id = totals.count == 1 ? selectionID : "\(selectionID):\(total.unit):r\(total.round)"
                let seats = counts.filter { $0.type == "seats" && $0.unit == total.unit && $0.round == total.round }
                if seats.count > 1 { throw seats[1].node.error(.duplicateField, "a second seats count") }
                var fields = [
                    field("election_id", .string(election)),
                    field("round", .int(total.round)),
                    field("unit_id", .string(total.unit)),
                    field("selection_id", .string(parties[0])),
                    field("votes", .int(total.count)),
                ]
                if let seats = seats.first { fields.append(field("seats", .int(seats.count))) }
                if extensions.values("status", label: id).isEmpty, let reportStatus {
                    fields.append(field("status", .enumeration(reportStatus)))
                }
                fields += try extensions.fields(of: .tally, label: id)
                guard ids.insert(id).inserted else {
                    throw selection.error(.invalidValue, "a second tally \(RecordError.quoted(id)) in this election")
                }
                labels.insert(id)
                records.append(try record(.tally, id, fields, at: total.node))
            }
        }
        try extensions.checkLabels(labels)
        return records
    }

    private func turnouts(
        _ node: JSONNode, election: String, extensions: NISTExtensionSet, reportStatus: String?,
        registered: [String: Int64]
    ) throws(RecordError) -> [Record] {
        let ids = extensions.values(NISTExtension.turnout)
        var records: [Record] = []
        for counts in try node.elements(of: "BallotCounts") {
            try counts.expectType(["ElectionResults.BallotCounts"])
            guard try counts.required("Type").string() == "total" else { continue }
            let unit = try counts.required("GpUnitId").string()
            let round = try counts.child("Round")?.integer() ?? 1
            let id = records.count < ids.count ? ids[records.count] : "\(election):r\(round):\(unit)"
            var fields = [
                field("election_id", .string(election)),
                field("round", .int(round)),
                field("unit_id", .string(unit)),
            ]
            if let cast = counts.child("BallotsCast") { fields.append(field("ballots_cast", .int(try cast.integer()))) }
            if let void = counts.child("BallotsRejected") { fields.append(field("void", .int(try void.integer()))) }
            if extensions.values("registered", label: id).isEmpty, let count = registered[unit] {
                fields.append(field("registered", .int(count)))
            }
            if extensions.values("status", label: id).isEmpty, let reportStatus {
                fields.append(field("status", .enumeration(reportStatus)))
            }
            fields += try extensions.fields(of: .turnout, label: id)
            records.append(try record(.turnout, id, fields, at: counts))
        }
        if ids.count > records.count {
            throw node.error(
                .invalidValue,
                "\(ids.count) \"tally:turnout\" entries but \(records.count) BallotCounts of Type \"total\""
            )
        }
        return records
    }

    // MARK: Values

    /// One `VoteCounts`, read.
    private struct VoteCount {
        let node: JSONNode
        let type: String
        let count: Int64
        let unit: String
        let round: Int64

        init(_ node: JSONNode) throws(RecordError) {
            try node.expectType(["ElectionResults.VoteCounts"])
            self.node = node
            type = try node.required("Type").string()
            count = try node.required("Count").integer()
            unit = try node.required("GpUnitId").string()
            round = try node.child("Round")?.integer() ?? 1
        }
    }

    private func field(_ name: String, _ value: FieldValue) -> Record.Field {
        Record.Field(name: name, value: value)
    }

    private func value(_ node: JSONNode, as kind: FieldKind) throws(RecordError) -> FieldValue {
        do throws(RecordError) {
            return try FieldValueParser.parse(try node.string(), as: kind)
        } catch {
            throw node.locate(error)
        }
    }

    private func record(
        _ type: RecordType, _ id: String, _ fields: [Record.Field], at node: JSONNode
    ) throws(RecordError) -> Record {
        do throws(RecordError) {
            return try RecordValidator.validate(Record(type: type, id: id, fields: fields), in: .election)
        } catch {
            throw node.locate(error)
        }
    }
}
