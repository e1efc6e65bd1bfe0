import Foundation
import Records
import Testing
import Wire

/// The exported reports keep to NIST SP 1500-100 v2's JSON schema (NIST_V2_election_results_reporting.json): every
/// object has an `@type`, only the properties the schema defines for that type, all the ones it requires, and the
/// enumerated words it allows.
@Suite struct NISTSchemaTests {
    /// The schema's required and allowed properties of the types Tally writes.
    static let properties: [String: (required: Set<String>, allowed: Set<String>)] = [
        "ElectionReport": (
            [
                "@type", "Format", "GeneratedDate", "Issuer", "IssuerAbbreviation", "SequenceEnd", "SequenceStart",
                "Status", "VendorApplicationId",
            ],
            [
                "@type", "Election", "ExternalIdentifier", "Format", "GeneratedDate", "GpUnit", "Header", "IsTest",
                "Issuer", "IssuerAbbreviation", "Notes", "Office", "OfficeGroup", "Party", "Person", "SequenceEnd",
                "SequenceStart", "Status", "TestType", "VendorApplicationId",
            ]
        ),
        "Election": (
            ["@type", "ElectionScopeId", "EndDate", "Name", "StartDate", "Type"],
            [
                "@type", "BallotCounts", "BallotStyle", "Candidate", "ContactInformation", "Contest", "CountStatus",
                "ElectionScopeId", "EndDate", "ExternalIdentifier", "Name", "OtherType", "StartDate", "Type",
            ]
        ),
        "ReportingUnit": (
            ["@id", "@type", "Type"],
            [
                "@id", "@type", "AuthorityIds", "ComposingGpUnitIds", "ContactInformation", "CountStatus",
                "ElectionAdministration", "ExternalIdentifier", "IsDistricted", "IsMailOnly", "Name", "Number",
                "OtherType", "PartyRegistration", "SpatialDimension", "SubUnitsReported", "TotalSubUnits", "Type",
                "VotersParticipated", "VotersRegistered",
            ]
        ),
        "Party": (
            ["@id", "@type", "Name"],
            [
                "@id", "@type", "Abbreviation", "Color", "ContactInformation", "ExternalIdentifier",
                "IsRecognizedParty",
                "LeaderPersonIds", "LogoUri", "Name", "PartyScopeGpUnitIds", "Slogan",
            ]
        ),
        "Coalition": (
            ["@id", "@type", "Name"],
            [
                "@id", "@type", "Abbreviation", "Color", "ContactInformation", "ContestIds", "ExternalIdentifier",
                "IsRecognizedParty", "LeaderPersonIds", "LogoUri", "Name", "PartyIds", "PartyScopeGpUnitIds", "Slogan",
            ]
        ),
        "PartyContest": (
            ["@id", "@type", "ElectionDistrictId", "Name"],
            [
                "@id", "@type", "Abbreviation", "BallotSubTitle", "BallotTitle", "ContestSelection", "CountStatus",
                "ElectionDistrictId", "ExternalIdentifier", "HasRotation", "Name", "OtherCounts", "OtherVoteVariation",
                "SequenceOrder", "SubUnitsReported", "TotalSubUnits", "VoteVariation",
            ]
        ),
        "PartySelection": (["@id", "@type", "PartyIds"], ["@id", "@type", "PartyIds", "SequenceOrder", "VoteCounts"]),
        "VoteCounts": (
            ["@type", "Count", "GpUnitId", "Type"],
            ["@type", "Count", "DeviceClass", "GpUnitId", "IsSuppressedForPrivacy", "OtherType", "Round", "Type"]
        ),
        "BallotCounts": (
            ["@type", "GpUnitId", "Type"],
            [
                "@type", "BallotsCast", "BallotsOutstanding", "BallotsRejected", "DeviceClass", "GpUnitId",
                "IsSuppressedForPrivacy", "OtherType", "Round", "Type",
            ]
        ),
        "ExternalIdentifier": (["@type", "Type", "Value"], ["@type", "Label", "OtherType", "Type", "Value"]),
        "InternationalizedText": (["@type", "Text"], ["@type", "Label", "Text"]),
        "LanguageString": (["@type", "Content", "Language"], ["@type", "Content", "Language"]),
    ]

    /// The schema's words for the enumerated properties Tally writes, by (type, property).
    static let words: [String: Set<String>] = [
        "ElectionReport.Status": Set(RecordSchema.statusWords),
        "ElectionReport.Format": ["precinct-level", "summary-contest"],
        "Election.Type": [
            "general", "other", "partisan-primary-closed", "partisan-primary-open", "primary", "runoff",
            "special",
        ],
        "ReportingUnit.Type": [
            "ballot-batch", "ballot-style-area", "borough", "city", "city-council",
            "combined-precinct", "congressional", "country", "county", "county-council", "drop-box", "judicial",
            "municipality", "other", "polling-place", "precinct", "school", "special", "split-precinct", "state",
            "state-house", "state-senate", "town", "township", "utility", "village", "vote-center", "ward", "water",
        ],
        "VoteCounts.Type": [
            "absentee", "absentee-fwab", "absentee-in-person", "absentee-mail", "early",
            "election-day", "other", "provisional", "seats", "total", "uocava", "write-in",
        ],
        "BallotCounts.Type": ["total"],
        "ExternalIdentifier.Type": ["fips", "local-level", "national-level", "ocd-id", "other", "state-level"],
    ]

    /// Every way `value` (and what it holds) breaks the schema, as `path: problem`.
    static func problems(in value: Any, at path: String = "") -> [String] {
        if let array = value as? [Any] {
            return array.enumerated().flatMap { problems(in: $1, at: "\(path)[\($0)]") }
        }
        guard let object = value as? [String: Any] else { return [] }
        guard let fullType = object["@type"] as? String, fullType.hasPrefix("ElectionResults."),
            let spec = properties[String(fullType.dropFirst("ElectionResults.".count))]
        else { return ["\(path): no known @type"] }
        let type = String(fullType.dropFirst("ElectionResults.".count))
        var found: [String] = []
        for key in spec.required.subtracting(object.keys) { found.append("\(path): \(type) lacks \(key)") }
        for key in Set(object.keys).subtracting(spec.allowed) { found.append("\(path): \(type) has no \(key)") }
        for (key, member) in object {
            if let allowed = words["\(type).\(key)"], let word = member as? String, !allowed.contains(word) {
                found.append("\(path).\(key): \(word) is not a \(type).\(key) word")
            }
            found += problems(in: member, at: "\(path).\(key)")
        }
        return found
    }

    static func report(_ records: [Record]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try NISTReportTests.write(records)))
    }

    @Test(arguments: NISTReportTests.samples)
    func theSampleReportsKeepToTheSchema(name: String) throws {
        let report = try Self.report(try NISTReportTests.sample(name).records)
        #expect(Self.problems(in: report) == [])
    }

    @Test func aDatasetUsingEveryFieldKeepsToTheSchema() throws {
        var random = RandomRecords(seed: 13)
        let records = (0..<300).map { _ in random.record(kind: .election) }
        let problems = Self.problems(in: try Self.report(records))
        #expect(problems == [])
    }

    @Test func theCheckFindsAPropertyTheSchemaLacks() throws {
        let report = try #require(
            try Self.report(try NISTReportTests.sample("fr-legislative-2022.ndjson").records) as? [String: Any])
        var broken = report
        broken["Coalitions"] = []
        broken.removeValue(forKey: "Issuer")
        #expect(
            Set(Self.problems(in: broken)) == [": ElectionReport has no Coalitions", ": ElectionReport lacks Issuer"])
    }
}
