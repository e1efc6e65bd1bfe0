import Wire

/// Builds the NIST SP 1500-100 v2 `ElectionReport` of an election dataset's records (docs/formats.md, "NIST SP
/// 1500-100"). Every field Tally models lands in a NIST property or in a `tally:` extension entry, so that
/// `NISTReportDecoder` gives back the same records.
struct NISTReportEncoder {
    private let elections: [String: Record]
    private let electionIDs: [String]
    private let parties: [Record]
    private let units: [Record]
    private let unitIDs: Set<String>
    private let childrenByParent: [String: [String]]
    private let talliesByElection: [String: [Record]]
    private let turnoutsByElection: [String: [Record]]

    /// The fields of a tally written as extension entries of its contest.
    static let tallyExtensionFields = ["status", "share", "observer", "reported_at", "sources"]
    /// The fields of a turnout written as extension entries of its election.
    static let turnoutExtensionFields = ["registered", "status", "blank", "valid", "observer", "reported_at"]

    init(records: [Record]) {
        let sorted = records.sorted(by: Record.exportOrder)
        let elections = sorted.filter { $0.type == .election }
        self.elections = Dictionary(elections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        parties = sorted.filter { $0.type == .party }
        units = sorted.filter { $0.type == .unit }
        unitIDs = Set(units.map(\.id))
        childrenByParent = Dictionary(grouping: units.filter { $0["parent_id"] != .null }) {
            NISTReportEncoder.text($0, "parent_id") ?? ""
        }.mapValues { $0.map(\.id) }
        let tallies = sorted.filter { $0.type == .tally }
        let turnouts = sorted.filter { $0.type == .turnout }
        talliesByElection = Dictionary(grouping: tallies) { NISTReportEncoder.text($0, "election_id") ?? "" }
        turnoutsByElection = Dictionary(grouping: turnouts) { NISTReportEncoder.text($0, "election_id") ?? "" }
        electionIDs = Set(elections.map(\.id)).union(talliesByElection.keys).union(turnoutsByElection.keys).sorted()
    }

    /// The whole report.
    func report() -> JSONTree {
        .members([
            ("@type", .string(NISTVocabulary.reportType)),
            ("Format", .string("summary-contest")),
            ("GeneratedDate", .string(generatedDate)),
            ("Issuer", .string("Tally")),
            ("IssuerAbbreviation", .string("Tally")),
            ("SequenceStart", .integer(1)),
            ("SequenceEnd", .integer(1)),
            ("Status", .string(reportStatus)),
            ("VendorApplicationId", .string("Tally")),
            ("Election", JSONTree.nonEmptyArray(electionIDs.map(election))),
            ("GpUnit", JSONTree.nonEmptyArray(units.map(gpUnit))),
            ("Party", JSONTree.nonEmptyArray(parties.map(party))),
        ])
    }

    // MARK: Report

    /// The latest full date of the elections, so that the same records give the same bytes.
    private var generatedDate: String {
        let dates = elections.values.flatMap { election in
            ["start_date", "end_date"].compactMap { NISTReportEncoder.text(election, $0) }
                .map { NISTVocabulary.fullDate($0).date }
        }
        return (dates.max() ?? "1970-01-01") + "T00:00:00Z"
    }

    /// The status all elections share, else `unofficial-partial` (each record's own is in its extensions).
    private var reportStatus: String {
        let statuses = Set(elections.values.compactMap { NISTReportEncoder.text($0, "status") })
        return statuses.count == 1 ? statuses.first! : "unofficial-partial"
    }

    /// The unit an election is about: its country's top unit when there is one.
    private func scope(country: String?) -> String {
        let roots = units.filter { $0["parent_id"] == .null }
        let countries = roots.filter { NISTReportEncoder.text($0, "level") == "country" }
        return countries.first { $0.id == country }?.id ?? countries.first?.id ?? roots.first?.id ?? units.first?.id
            ?? country ?? "world"
    }

    // MARK: Elections

    private func election(_ id: String) -> JSONTree {
        let record = elections[id]
        let name = record.flatMap { NISTReportEncoder.text($0, "name") } ?? id
        let (type, otherType) = NISTVocabulary.electionType(
            kind: record.flatMap { NISTReportEncoder.text($0, "kind") } ?? "other")
        let scope = scope(country: record.flatMap { NISTReportEncoder.text($0, "country") })
        var extensions = [NISTExtension.entry(NISTExtension.id, id)]
        let start = NISTVocabulary.fullDate(record.flatMap { NISTReportEncoder.text($0, "start_date") } ?? "1970-01-01")
        var end = start
        if let record {
            extensions += NISTExtension.entries(record, ["country", "body", "status"])
            if !start.exact { extensions += NISTExtension.entries(record, ["start_date"]) }
            if let endText = NISTReportEncoder.text(record, "end_date") {
                end = NISTVocabulary.fullDate(endText)
                if !end.exact { extensions += NISTExtension.entries(record, ["end_date"]) }
            } else {
                extensions.append(NISTExtension.entry(NISTExtension.absent, "end_date"))
            }
            extensions += NISTExtension.entries(record, ["round_dates", "seats_total", "sources"])
        } else {
            extensions.append(NISTExtension.entry(NISTExtension.placeholder, "true"))
        }
        let turnouts = turnoutsByElection[id] ?? []
        for turnout in turnouts { extensions.append(NISTExtension.entry(NISTExtension.turnout, turnout.id)) }
        for turnout in turnouts {
            extensions += NISTExtension.entries(turnout, NISTReportEncoder.turnoutExtensionFields, label: turnout.id)
        }
        let tallies = talliesByElection[id] ?? []
        let rounds = Set(tallies.compactMap { NISTReportEncoder.int($0, "round") }).sorted()
        let contests = rounds.map { round in
            contest(
                election: id, name: name, round: round, scope: scope,
                tallies: tallies.filter { NISTReportEncoder.int($0, "round") == round }
            )
        }
        return .members([
            ("@type", .string("ElectionResults.Election")),
            ("Name", NISTVocabulary.internationalizedText(name)),
            ("Type", .string(type)),
            ("OtherType", otherType.map(JSONTree.string)),
            ("StartDate", .string(start.date)),
            ("EndDate", .string(end.date)),
            ("ElectionScopeId", .string(scope)),
            ("ExternalIdentifier", .array(extensions)),
            ("Contest", JSONTree.nonEmptyArray(contests)),
            ("BallotCounts", JSONTree.nonEmptyArray(turnouts.map(ballotCounts))),
        ])
    }

    private func contest(election: String, name: String, round: Int64, scope: String, tallies: [Record]) -> JSONTree {
        let extensions = tallies.flatMap { tally in
            NISTExtension.entries(tally, NISTReportEncoder.tallyExtensionFields, label: tally.id)
        }
        return .members([
            ("@type", .string("ElectionResults.PartyContest")),
            ("@id", .string("\(election):r\(round)")),
            ("Name", .string("\(name), round \(round)")),
            ("ElectionDistrictId", .string(scope)),
            ("ExternalIdentifier", JSONTree.nonEmptyArray(extensions)),
            ("ContestSelection", .array(tallies.map(partySelection))),
        ])
    }

    private func partySelection(_ tally: Record) -> JSONTree {
        let unit = NISTReportEncoder.text(tally, "unit_id") ?? ""
        let round = NISTReportEncoder.int(tally, "round") ?? 1
        var counts = [voteCounts(NISTReportEncoder.int(tally, "votes") ?? 0, unit: unit, round: round, type: "total")]
        if let seats = NISTReportEncoder.int(tally, "seats") {
            counts.append(voteCounts(seats, unit: unit, round: round, type: "seats"))
        }
        return .members([
            ("@type", .string("ElectionResults.PartySelection")),
            ("@id", .string(tally.id)),
            ("PartyIds", .array([.string(NISTReportEncoder.text(tally, "selection_id") ?? "")])),
            ("VoteCounts", .array(counts)),
        ])
    }

    private func voteCounts(_ count: Int64, unit: String, round: Int64, type: String) -> JSONTree {
        .members([
            ("@type", .string("ElectionResults.VoteCounts")),
            ("Count", .integer(count)),
            ("GpUnitId", .string(unit)),
            ("Round", .integer(round)),
            ("Type", .string(type)),
        ])
    }

    private func ballotCounts(_ turnout: Record) -> JSONTree {
        .members([
            ("@type", .string("ElectionResults.BallotCounts")),
            ("BallotsCast", .integer(NISTReportEncoder.int(turnout, "ballots_cast") ?? 0)),
            ("BallotsRejected", NISTReportEncoder.int(turnout, "void").map(JSONTree.integer)),
            ("GpUnitId", .string(NISTReportEncoder.text(turnout, "unit_id") ?? "")),
            ("Round", .integer(NISTReportEncoder.int(turnout, "round") ?? 1)),
            ("Type", .string("total")),
        ])
    }

    // MARK: Units and parties

    private func gpUnit(_ unit: Record) -> JSONTree {
        let (type, otherType) = NISTVocabulary.reportingUnitType(level: NISTReportEncoder.text(unit, "level") ?? "")
        let children = (childrenByParent[unit.id] ?? []).map(JSONTree.string)
        var extensions: [JSONTree] = []
        if let parent = NISTReportEncoder.text(unit, "parent_id"), !unitIDs.contains(parent) {
            extensions += NISTExtension.entries(unit, ["parent_id"])
        }
        return .members([
            ("@type", .string("ElectionResults.ReportingUnit")),
            ("@id", .string(unit.id)),
            ("Name", NISTVocabulary.internationalizedText(NISTReportEncoder.text(unit, "name") ?? "")),
            ("Type", .string(type)),
            ("OtherType", otherType.map(JSONTree.string)),
            ("ComposingGpUnitIds", JSONTree.nonEmptyArray(children)),
            ("VotersRegistered", NISTReportEncoder.int(unit, "registered").map(JSONTree.integer)),
            ("ExternalIdentifier", JSONTree.nonEmptyArray(extensions)),
        ])
    }

    private func party(_ party: Record) -> JSONTree {
        let isCoalition = NISTReportEncoder.text(party, "classification") == "alliance"
        let color = NISTReportEncoder.text(party, "color")
        let htmlColor = color.flatMap { NISTVocabulary.isHTMLColor($0) ? $0 : nil }
        // A Party is a `party` unless it says `group`; a Coalition is an `alliance` and lists its members.
        var names = ["country"]
        if NISTReportEncoder.text(party, "classification") == "group" { names.append("classification") }
        if !isCoalition { names.append("member_ids") }
        names.append("leader")
        if htmlColor == nil { names.append("color") }
        names.append("sources")
        let extensions = NISTExtension.entries(party, names)
        var memberIDs: [JSONTree]?
        if isCoalition, case .list(let members) = party["member_ids"] { memberIDs = members.map(JSONTree.string) }
        return .members([
            ("@type", .string(isCoalition ? "ElectionResults.Coalition" : "ElectionResults.Party")),
            ("@id", .string(party.id)),
            ("Name", NISTVocabulary.internationalizedText(NISTReportEncoder.text(party, "name") ?? "")),
            ("Abbreviation", NISTReportEncoder.text(party, "abbreviation").map(NISTVocabulary.internationalizedText)),
            ("Color", htmlColor.map(JSONTree.string)),
            ("PartyIds", memberIDs.map(JSONTree.array)),
            ("ExternalIdentifier", JSONTree.nonEmptyArray(extensions)),
        ])
    }

    // MARK: Values

    /// A field's text (strings, enum words, dates, decimals), or `nil` when absent.
    static func text(_ record: Record, _ name: String) -> String? {
        switch record[name] {
        case .string(let text), .enumeration(let text): text
        case .date(let date): date.text
        case .decimal(let decimal): decimal.text
        default: nil
        }
    }

    /// An int field, or `nil` when absent.
    static func int(_ record: Record, _ name: String) -> Int64? {
        if case .int(let number) = record[name] { return number }
        return nil
    }
}
