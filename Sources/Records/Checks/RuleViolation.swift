/// One broken rule, naming the records that break it.
public struct RuleViolation: Hashable, Sendable {
    /// The rule.
    public var rule: CheckRule
    /// The ids of the records involved, most telling first.
    public var records: [String]
    /// A sentence that says what does not hold, with the numbers.
    public var message: String

    /// Makes a violation.
    public init(rule: CheckRule, records: [String], message: String) {
        self.rule = rule
        self.records = records
        self.message = message
    }
}
