import Records
import TestSupport
import Testing
import Wire

/// The election-rule checks of `tally check`, as pure functions over records.
@Suite struct RuleCheckerTests {
    static func read(_ name: String, kind: DatasetKind) throws -> [Record] {
        var reader = try NDJSONReader(path: packageRoot + "/Fixtures/datasets/" + name, kind: kind)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    static func tally(
        _ id: String, unit: String = "C1", selection: String, votes: Int64, status: String = "certified",
        share: String? = nil
    ) -> Record {
        var fields = [
            Record.Field(name: "election_id", value: .string("e")), .init(name: "round", value: .int(1)),
            .init(name: "unit_id", value: .string(unit)), .init(name: "selection_id", value: .string(selection)),
            .init(name: "votes", value: .int(votes)), .init(name: "status", value: .enumeration(status)),
        ]
        if let share { fields.append(.init(name: "share", value: decimal(share))) }
        return Record(type: .tally, id: id, fields: fields)
    }

    static func turnout(_ id: String, unit: String = "C1", valid: Int64, status: String = "certified") -> Record {
        Record(
            type: .turnout, id: id,
            fields: [
                .init(name: "election_id", value: .string("e")), .init(name: "round", value: .int(1)),
                .init(name: "unit_id", value: .string(unit)), .init(name: "registered", value: .int(1 << 40)),
                .init(name: "ballots_cast", value: .int(valid)), .init(name: "status", value: .enumeration(status)),
                .init(name: "valid", value: .int(valid)),
            ]
        )
    }

    static func unit(_ id: String, level: String, parent: String? = nil) -> Record {
        var fields = [Record.Field(name: "name", value: .string(id)), .init(name: "level", value: .enumeration(level))]
        if let parent { fields.append(.init(name: "parent_id", value: .string(parent))) }
        return Record(type: .unit, id: id, fields: fields)
    }

    @Test func theBrokenDatasetBreaksEachRuleWhereItWasBuiltToAndNowhereElse() throws {
        let violations = RuleChecker.violations(in: try Self.read("broken-rules.ndjson", kind: .election))
        let found = violations.map { "\($0.rule.name) " + $0.records.joined(separator: ",") }
        #expect(
            found == [
                "references alliance:x",
                "references r1:C4:ghost",
                "votes-within-valid r1:R1:a,r1:R1:b,r1:R1",
                "votes-within-valid r2:C1:a,r2:C1:b,r2:C1",
                "ballots-add-up r1:FR",
                "ballots-within-registered r2:FR",
                "share-matches-votes r1:C2:b,r1:C2",
                "one-tally-per-selection r1:C3:a,r1:C3:a-again",
                "unit-chain CYCLE-A,CYCLE-B",
                "unit-chain DANGLING",
                "unit-chain ORPHAN",
            ]
        )
        #expect(Set(violations.map(\.rule)) == Set(CheckRule.allCases))
        #expect(violations[0].message == "party alliance:x: member_ids → party:gone, no such party")
        #expect(
            violations[2].message
                == "broken-2025 round 1 unit R1: the votes of the 2 tallies sum to 120, more than turnout r1:R1's "
                + "valid 100"
        )
        #expect(violations[4].message == "turnout r1:FR: ballots_cast 1000 is not blank 10 + void 10 + valid 900 = 920")
        #expect(
            violations[6].message
                == "tally r1:C2:b: share 50.00 but votes 2 / valid 3 (turnout r1:C2) is 66.67 %"
        )
        #expect(
            violations[8].message == "units CYCLE-A → CYCLE-B → CYCLE-A form a parent_id cycle: none reaches a country"
        )
    }

    @Test(arguments: [
        ("fr-legislative-2024.ndjson", DatasetKind.election), ("fr-legislative-2022.ndjson", .election),
        ("peskov-statements-2024.ndjson", .statement),
    ])
    func theSampleDatasetsBreakNoRule(name: String, kind: DatasetKind) throws {
        #expect(RuleChecker.violations(in: try Self.read(name, kind: kind)) == [])
    }

    @Test func theOrderOfTheRecordsDoesNotChangeTheViolations() throws {
        let records = try Self.read("broken-rules.ndjson", kind: .election)
        var generator = SeededGenerator(seed: 11)
        let expected = RuleChecker.violations(in: records)
        for _ in 0..<20 { #expect(RuleChecker.violations(in: records.shuffled(using: &generator)) == expected) }
    }

    /// For random groups of tallies and a turnout: a violation exactly when the sum exceeds valid, or falls short
    /// of it while every count is complete; and it names every tally and the turnout.
    @Test func theSumRuleHoldsExactlyWhenTheVotesFitTheValidBallots() {
        var generator = SeededGenerator(seed: 2_024)
        let statuses = ["certified", "unofficial-complete", "unofficial-partial", "recount"]
        for round in 0..<500 {
            let count = Int.random(in: 1...6, using: &generator)
            let tallies = (0..<count).map { index in
                Self.tally(
                    "t\(index)", selection: "p\(index)", votes: Int64.random(in: 0...1_000, using: &generator),
                    status: statuses.randomElement(using: &generator)!
                )
            }
            let total = tallies.reduce(Int64(0)) { total, tally in
                if case .int(let votes) = tally["votes"] { total + votes } else { total }
            }
            let valid = max(0, total + Int64.random(in: -300...300, using: &generator) * Int64(round % 3))
            let turnout = Self.turnout("turnout", valid: valid, status: statuses.randomElement(using: &generator)!)
            let complete = (tallies + [turnout]).allSatisfy { record in
                if case .enumeration(let status) = record["status"] {
                    RuleChecker.completeStatuses.contains(status)
                } else {
                    false
                }
            }
            let broken = total > valid || (complete && total < valid)
            let found = RuleChecker.violations(in: (tallies + [turnout]).shuffled(using: &generator))
                .filter { $0.rule == .votesWithinValid }
            #expect(found.count == (broken ? 1 : 0), "votes \(total), valid \(valid), complete \(complete)")
            if broken { #expect(Set(found[0].records) == Set(tallies.map(\.id) + ["turnout"])) }
        }
    }

    @Test func anAllianceIsNotCountedTwiceWithItsMembers() {
        let alliance = Record(
            type: .party, id: "alliance",
            fields: [
                .init(name: "name", value: .string("Alliance")), .init(name: "country", value: .string("FR")),
                .init(name: "classification", value: .enumeration("alliance")),
                .init(name: "member_ids", value: .list(["p1", "p2"])),
            ]
        )
        let records = [
            alliance, Self.tally("a", selection: "alliance", votes: 90), Self.tally("m1", selection: "p1", votes: 60),
            Self.tally("m2", selection: "p2", votes: 30), Self.tally("o", selection: "p3", votes: 10),
            Self.turnout("turnout", valid: 100),
        ]
        #expect(RuleChecker.violations(in: records).filter { $0.rule == .votesWithinValid } == [])
        // Without its members' tallies the alliance's votes count.
        let alone = [
            alliance, Self.tally("a", selection: "alliance", votes: 95), Self.tally("o", selection: "p3", votes: 10),
        ]
        let found = RuleChecker.violations(in: alone + [Self.turnout("turnout", valid: 100)])
        #expect(found.filter { $0.rule == .votesWithinValid }.map(\.records) == [["a", "o", "turnout"]])
    }

    @Test func aShareAgreesWhenRoundedOrTruncatedToItsOwnDigits() {
        // 8974566 / 32056000 = 27.9965...%: 28.00 (rounded) and 27.99 (truncated) agree, 27.98 does not.
        for (share, agrees) in [("28.00", true), ("27.99", true), ("28", true), ("27.98", false), ("28.01", false)] {
            let records = [
                Self.tally("t", selection: "p", votes: 8_974_566, status: "unofficial-partial", share: share),
                Self.turnout("turnout", valid: 32_056_000, status: "unofficial-partial"),
            ]
            let found = RuleChecker.violations(in: records).filter { $0.rule == .shareMatchesVotes }
            #expect(found.isEmpty == agrees, "share \(share)")
        }
        // No valid ballots, no share check (and no false violation).
        let empty = [Self.tally("t", selection: "p", votes: 0, status: "unofficial-partial", share: "0.00")]
        let zero = RuleChecker.violations(in: empty + [Self.turnout("turnout", valid: 0, status: "recount")])
        #expect(zero.filter { $0.rule == .shareMatchesVotes }.isEmpty)
    }

    @Test func aBrokenUnitChainIsReportedOnceAtTheBreakNotForEveryUnitBelowIt() {
        let units = [
            Self.unit("FR", level: "country"), Self.unit("R", level: "region", parent: "FR"),
            Self.unit("A", level: "region", parent: "C"), Self.unit("B", level: "constituency", parent: "A"),
            Self.unit("C", level: "department", parent: "B"), Self.unit("BELOW", level: "commune", parent: "C"),
            Self.unit("TOP", level: "region"), Self.unit("UNDER-TOP", level: "commune", parent: "TOP"),
        ]
        let found = RuleChecker.violations(in: units)
        #expect(found.map(\.records) == [["A", "C", "B"], ["TOP"]])
        #expect(found.allSatisfy { $0.rule == .unitChain })
    }
}
