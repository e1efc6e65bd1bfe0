/// Lets global options stand before the verb (`tally -C DIR --json status`), as the CLI contract writes them,
/// by moving them after the verb words, where ArgumentParser reads them.
enum ArgumentOrder {
    static func normalized(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-C", index + 1 < arguments.count {
                globals += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("-C"), argument.count > 2, !argument.hasPrefix("--") {
                globals += ["-C", String(argument.dropFirst(2))]
                index += 1
            } else if argument == "--json" {
                globals.append(argument)
                index += 1
            } else {
                break
            }
        }
        let rest = Array(arguments[index...])
        guard !globals.isEmpty else { return rest }
        // Insert after the leading verb words (those that do not start with "-").
        let verbCount = rest.prefix { !$0.hasPrefix("-") }.count
        let verbs = Array(rest.prefix(min(verbCount, 2)))
        var words = verbs
        // Only the subcommand path moves ahead; positional arguments stay after the globals too.
        if verbs.count == 2, !TallyCommand.isGroup(verbs[0]) { words = [verbs[0]] }
        return words + globals + rest.dropFirst(words.count)
    }
}
