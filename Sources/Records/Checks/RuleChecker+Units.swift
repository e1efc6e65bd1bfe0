extension RuleChecker {
    /// `.unitChain`: follows every unit's `parent_id` up to a unit without one, which must be country-level.
    /// Each break is reported once, at the unit where it happens (units below it are not repeated): a missing
    /// parent, a top unit that is not a country, or a cycle (all its units).
    func unitChainViolations() -> [RuleViolation] {
        var found: [RuleViolation] = []
        var settled: Set<String> = []
        for start in units.keys.sorted() {
            var path: [String] = []
            var current = start
            while !settled.contains(current) {
                if let entry = path.firstIndex(of: current) {
                    let cycle = Array(path[entry...])
                    let first = cycle.firstIndex(of: cycle.min()!)!
                    let ordered = Array(cycle[first...] + cycle[..<first])
                    found.append(
                        RuleViolation(
                            rule: .unitChain, records: ordered,
                            message: "units " + (ordered + [ordered[0]]).joined(separator: " → ")
                                + " form a parent_id cycle: none reaches a country"
                        )
                    )
                    break
                }
                path.append(current)
                let facts = units[current]!
                guard let parent = facts.parent else {
                    if facts.level != "country" {
                        found.append(
                            RuleViolation(
                                rule: .unitChain, records: [current],
                                message: "unit \(current) is a \(facts.level ?? "unit") with no parent_id: "
                                    + "its chain must end at a country-level unit"
                            )
                        )
                    }
                    break
                }
                guard units[parent] != nil else {
                    found.append(
                        RuleViolation(
                            rule: .unitChain, records: [current],
                            message: "unit \(current): parent_id → \(parent), no such unit"
                        )
                    )
                    break
                }
                current = parent
            }
            settled.formUnion(path)
        }
        return found
    }
}
