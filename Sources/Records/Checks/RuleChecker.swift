public import Wire

/// Checks a dataset against every `CheckRule`. Feed it each live record with `add(_:)`, then read
/// `violations()`. It keeps only what the rules need (ids, counts, parents), not whole records, so a large
/// dataset can be streamed through it.
///
/// The checks are pure: the same records, in any order, give the same violations, sorted by rule (in
/// `CheckRule` order) and then by the records involved.
public struct RuleChecker: Sendable {
    /// The statuses that say a count is complete: `unofficial-complete` and `certified`.
    public static let completeStatuses: Set<String> = ["unofficial-complete", "certified"]

    /// The references checked by `.references`: a record type, a field, and the types it may name. A unit's
    /// `parent_id` is checked by `.unitChain`, which also follows it up to a country.
    public static let references: [(type: RecordType, field: String, targets: [RecordType])] = [
        (.tally, "election_id", [.election]), (.tally, "unit_id", [.unit]), (.tally, "selection_id", [.party]),
        (.turnout, "election_id", [.election]), (.turnout, "unit_id", [.unit]), (.party, "member_ids", [.party]),
        (.statement, "speaker_id", [.person]),
    ]

    struct Reference: Sendable {
        var type: RecordType
        var id: String
        var field: String
        var target: String
        var targets: [RecordType]
    }

    struct TallyFacts: Sendable {
        var id: String
        var selection: String
        var votes: Int64
        var share: ExactDecimal?
        var isComplete: Bool
    }

    struct TurnoutFacts: Sendable {
        var id: String
        var registered: Int64?
        var ballotsCast: Int64?
        var blank: Int64?
        var void: Int64?
        var valid: Int64?
        var isComplete: Bool
    }

    struct UnitFacts: Sendable {
        var parent: String?
        var level: String?
    }

    var ids: [RecordType: Set<String>] = [:]
    var pendingReferences: [Reference] = []
    var tallies: [CountKey: [TallyFacts]] = [:]
    var turnouts: [CountKey: [TurnoutFacts]] = [:]
    var units: [String: UnitFacts] = [:]
    var members: [String: [String]] = [:]

    /// Makes an empty checker.
    public init() {}

    /// The violations of `records`, a whole dataset's live records.
    public static func violations(in records: some Sequence<Record>) -> [RuleViolation] {
        var checker = RuleChecker()
        for record in records { checker.add(record) }
        return checker.violations()
    }

    /// Takes one live record into account.
    public mutating func add(_ record: Record) {
        ids[record.type, default: []].insert(record.id)
        for reference in Self.references where reference.type == record.type {
            for target in Self.identifiers(record[reference.field]) {
                pendingReferences.append(
                    Reference(
                        type: record.type, id: record.id, field: reference.field, target: target,
                        targets: reference.targets
                    )
                )
            }
        }
        switch record.type {
        case .tally:
            guard let key = Self.countKey(record), let selection = Self.text(record["selection_id"]),
                let votes = Self.integer(record["votes"])
            else { return }
            let share: ExactDecimal? = if case .decimal(let value) = record["share"] { value } else { nil }
            tallies[key, default: []].append(
                TallyFacts(
                    id: record.id, selection: selection, votes: votes, share: share,
                    isComplete: Self.isComplete(record)
                )
            )
        case .turnout:
            guard let key = Self.countKey(record) else { return }
            turnouts[key, default: []].append(
                TurnoutFacts(
                    id: record.id, registered: Self.integer(record["registered"]),
                    ballotsCast: Self.integer(record["ballots_cast"]), blank: Self.integer(record["blank"]),
                    void: Self.integer(record["void"]), valid: Self.integer(record["valid"]),
                    isComplete: Self.isComplete(record)
                )
            )
        case .party:
            let parties = Self.identifiers(record["member_ids"])
            if !parties.isEmpty { members[record.id] = parties }
        case .unit:
            units[record.id] = UnitFacts(parent: Self.text(record["parent_id"]), level: Self.text(record["level"]))
        default:
            break
        }
    }

    /// Every broken rule, sorted by rule and then by the records involved.
    public func violations() -> [RuleViolation] {
        let found = referenceViolations() + countViolations() + unitChainViolations()
        let order = Dictionary(uniqueKeysWithValues: CheckRule.allCases.enumerated().map { ($1, $0) })
        let key = { (violation: RuleViolation) in
            (order[violation.rule] ?? 0, violation.records.joined(separator: "\u{0}"), violation.message)
        }
        return found.sorted { key($0) < key($1) }
    }

    private func referenceViolations() -> [RuleViolation] {
        pendingReferences.filter { reference in
            !reference.targets.contains { ids[$0]?.contains(reference.target) == true }
        }.map { reference in
            RuleViolation(
                rule: .references, records: [reference.id],
                message: "\(reference.type.name) \(reference.id): \(reference.field) → \(reference.target), no such "
                    + reference.targets.map(\.name).joined(separator: " or ")
            )
        }
    }

    static func countKey(_ record: Record) -> CountKey? {
        guard let election = text(record["election_id"]), let round = integer(record["round"]),
            let unit = text(record["unit_id"])
        else { return nil }
        return CountKey(election: election, round: round, unit: unit)
    }

    static func isComplete(_ record: Record) -> Bool {
        text(record["status"]).map(completeStatuses.contains) ?? false
    }

    static func text(_ value: FieldValue) -> String? {
        switch value {
        case .string(let text), .enumeration(let text): text
        default: nil
        }
    }

    static func integer(_ value: FieldValue) -> Int64? {
        if case .int(let number) = value { number } else { nil }
    }

    static func identifiers(_ value: FieldValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .list(let items): items
        default: []
        }
    }
}
