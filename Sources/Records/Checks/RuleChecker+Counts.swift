import Wire

extension RuleChecker {
    /// `.votesWithinValid`, `.ballotsAddUp`, `.ballotsWithinRegistered`, `.shareMatchesVotes` and
    /// `.oneTallyPerSelection`, per election, round and unit.
    func countViolations() -> [RuleViolation] {
        var found: [RuleViolation] = []
        for key in Set(tallies.keys).union(turnouts.keys).sorted() {
            let group = (tallies[key] ?? []).sorted { $0.id < $1.id }
            let duplicates = Dictionary(grouping: group, by: \.selection).filter { $0.value.count > 1 }
            for (selection, copies) in duplicates.sorted(by: { $0.key < $1.key }) {
                found.append(
                    RuleViolation(
                        rule: .oneTallyPerSelection, records: copies.map(\.id),
                        message: "\(copies.count) tallies for \(key) selection \(selection): "
                            + copies.map(\.id).joined(separator: ", ")
                    )
                )
            }
            for turnout in (turnouts[key] ?? []).sorted(by: { $0.id < $1.id }) {
                found += Self.turnoutViolations(turnout)
                guard let valid = turnout.valid, !group.isEmpty else { continue }
                // With two tallies for one selection the sum means nothing: one-tally-per-selection says so.
                if duplicates.isEmpty, let violation = Self.sumViolation(summed(group), turnout, valid: valid, key: key)
                {
                    found.append(violation)
                }
                for tally in group {
                    if let share = tally.share, let violation = Self.shareViolation(tally, share, turnout, valid) {
                        found.append(violation)
                    }
                }
            }
        }
        return found
    }

    /// The tallies of a count whose votes add up: all but those of an alliance whose members have tallies in the
    /// same count (the alliance's votes are theirs).
    func summed(_ group: [TallyFacts]) -> [TallyFacts] {
        let selections = Set(group.map(\.selection))
        return group.filter { tally in !(members[tally.selection] ?? []).contains(where: selections.contains) }
    }

    /// `.ballotsAddUp` and `.ballotsWithinRegistered` for one turnout.
    static func turnoutViolations(_ turnout: TurnoutFacts) -> [RuleViolation] {
        var found: [RuleViolation] = []
        if let cast = turnout.ballotsCast, let blank = turnout.blank, let void = turnout.void,
            let valid = turnout.valid
        {
            let parts = sum([blank, void, valid])
            if parts != cast {
                found.append(
                    RuleViolation(
                        rule: .ballotsAddUp, records: [turnout.id],
                        message: "turnout \(turnout.id): ballots_cast \(cast) is not blank \(blank) + void \(void) "
                            + "+ valid \(valid) = \(parts)"
                    )
                )
            }
        }
        if let cast = turnout.ballotsCast, let registered = turnout.registered, cast > registered {
            found.append(
                RuleViolation(
                    rule: .ballotsWithinRegistered, records: [turnout.id],
                    message: "turnout \(turnout.id): ballots_cast \(cast) is more than registered \(registered)"
                )
            )
        }
        return found
    }

    /// `.votesWithinValid`: the sum of the votes is at most `valid`, and equal to it when the turnout and every
    /// tally are complete (`completeStatuses`).
    static func sumViolation(_ group: [TallyFacts], _ turnout: TurnoutFacts, valid: Int64, key: CountKey)
        -> RuleViolation?
    {
        let total = sum(group.map(\.votes))
        let records = group.map(\.id) + [turnout.id]
        let tallies = group.count == 1 ? "the tally" : "the \(group.count) tallies"
        if total > valid {
            return RuleViolation(
                rule: .votesWithinValid, records: records,
                message: "\(key): the votes of \(tallies) sum to \(total), more than turnout \(turnout.id)'s "
                    + "valid \(valid)"
            )
        }
        if total < valid, turnout.isComplete, group.allSatisfy(\.isComplete) {
            return RuleViolation(
                rule: .votesWithinValid, records: records,
                message: "\(key): the votes of \(tallies) sum to \(total), not turnout \(turnout.id)'s valid "
                    + "\(valid), though every count there is complete (\(valid - total) votes missing)"
            )
        }
        return nil
    }

    /// `.shareMatchesVotes`: `share` is within one unit of its last digit of `100 * votes / valid`, so both a
    /// rounded and a truncated share agree. A `valid` of 0, or numbers too large to compare exactly, are skipped.
    static func shareViolation(_ tally: TallyFacts, _ share: ExactDecimal, _ turnout: TurnoutFacts, _ valid: Int64)
        -> RuleViolation?
    {
        guard valid > 0, let scaled = scaledInteger(share), scaled.scale <= 12 else { return nil }
        let (digits, scale) = scaled
        var unit: Int64 = 1
        for _ in 0..<scale { unit *= 10 }
        // |digits / unit - 100 * votes / valid| < 1 / unit  <=>  |digits * valid - 100 * votes * unit| < valid
        let (left, leftOverflow) = digits.multipliedReportingOverflow(by: valid)
        let (hundred, hundredOverflow) = tally.votes.multipliedReportingOverflow(by: 100)
        let (right, rightOverflow) = hundred.multipliedReportingOverflow(by: unit)
        guard !leftOverflow, !hundredOverflow, !rightOverflow else { return nil }
        let (difference, differenceOverflow) = left.subtractingReportingOverflow(right)
        guard !differenceOverflow, difference.magnitude >= valid.magnitude else { return nil }
        // The share the votes give, rounded half up to the same number of decimals.
        let (quotient, remainder) = right.quotientAndRemainder(dividingBy: valid)
        let expected = remainder >= valid - remainder ? quotient + 1 : quotient
        return RuleViolation(
            rule: .shareMatchesVotes, records: [tally.id, turnout.id],
            message: "tally \(tally.id): share \(share.text) but votes \(tally.votes) / valid \(valid) "
                + "(turnout \(turnout.id)) is \(decimalText(expected, scale: scale)) %"
        )
    }

    /// A decimal as an integer of its digits and the number of digits after the point: `27.99` is (2799, 2).
    static func scaledInteger(_ decimal: ExactDecimal) -> (digits: Int64, scale: Int)? {
        let text = decimal.text
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard let magnitude = Int64(parts.joined()) else { return nil }
        return (negative ? -magnitude : magnitude, parts.count > 1 ? parts[1].count : 0)
    }

    /// `value / 10^scale` as decimal text.
    static func decimalText(_ value: Int64, scale: Int) -> String {
        guard scale > 0 else { return String(value) }
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let sign = value < 0 ? "-" : ""
        return sign + String(padded.dropLast(scale)) + "." + String(padded.suffix(scale))
    }

    /// The sum, saturating at `Int64.max` rather than overflowing.
    static func sum(_ values: [Int64]) -> Int64 {
        values.reduce(0) { total, value in
            let (next, overflow) = total.addingReportingOverflow(value)
            return overflow ? .max : next
        }
    }
}
