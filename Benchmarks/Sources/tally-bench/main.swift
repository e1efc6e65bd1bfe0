import Foundation

// tally-bench: BENCHMARKS.md's performance figures end to end, one process per step (server and client apart).
//   tally-bench [--records N] [--memory M] [--repeats R] [--cli-repeats C] [--clients K] [--tally PATH] [--work DIR]
//     every row of issue 9's table (Runner, Table): R runs of the main scenario (medians printed), a memory-only
//     pass at M rows (`--compare M` is the old name), K concurrent pullers against one (0: none)
//   tally-bench load [--served N] [--pushed M] [--repeats R] [--push-clients 1,10,50] [--pull-clients 1,10,50]
//     [--work DIR]   concurrent clients (LoadRunner)
//   tally-bench cli-sync [--records N] [--repeats R] [--tally PATH] [--work DIR]   only the `tally sync` figures
//     (CLISyncRunner; also part of the full run): the `tally` executable defaults to the one beside tally-bench
// The other verbs are the steps, run by the orchestrator as child processes.

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// The usage: the comment above, for `--help` and for a verb or option this runner does not know.
let usage = """
    usage: tally-bench [--records N] [--memory M] [--repeats R] [--cli-repeats C] [--clients K]
                       [--tally PATH] [--work DIR]
           tally-bench load [--served N] [--pushed M] [--repeats R] [--push-clients 1,10,50]
                       [--pull-clients 1,10,50] [--work DIR]
           tally-bench cli-sync [--records N] [--repeats R] [--tally PATH] [--work DIR]
    (BENCHMARKS.md says what each runs)
    """
let knownOptions: Set<String> = [
    "--records", "--memory", "--compare", "--repeats", "--cli-repeats", "--clients", "--tally", "--work", "--served",
    "--pushed", "--push-clients", "--pull-clients",
]

/// The verbs: the three runners, then the steps they start as child processes.
let verbs: Set<String> = [
    "load", "cli-sync", "generate", "import", "limit", "serve", "push", "pull", "edit", "apply-empty",
    "apply-populated", "load-push", "load-pull", "hold",
]
if let first = arguments.first, ["--help", "-h", "help"].contains(first) {
    print(usage)
    exit(0)
}
if let first = arguments.first, !first.hasPrefix("--"), !verbs.contains(first) {
    FileHandle.standardError.write(Data("tally-bench: unknown verb \(first)\n\(usage)\n".utf8))
    exit(64)
}

do {
    switch arguments.first {
    case "generate":
        try Child.generate(arguments[1], count: Int(arguments[2])!)
    case "import":
        try Child.importFile(arguments[1], file: arguments[2])
    case "limit":
        try Child.limit(arguments[1], count: Int(arguments[2])!)
    case "serve":
        try await Child.serve(arguments[1])
    case "push":
        try await Child.push(arguments[1], port: Int(arguments[2])!)
    case "pull":
        try await Child.pull(
            arguments[1], port: Int(arguments[2])!, repeats: Int(arguments[3])!, push: arguments[4] == "1")
    case "edit":
        try Child.edit(arguments[1], count: Int(arguments[2])!, total: Int(arguments[3])!, file: arguments[4])
    case "apply-empty":
        try Child.applyEmpty(source: arguments[1], directory: arguments[2])
    case "apply-populated":
        try Child.applyPopulated(arguments[1], first: Int(arguments[2])!, count: Int(arguments[3])!)
    case "load-push":
        try await LoadChild.push(
            arguments[1], port: Int(arguments[2])!, first: Int(arguments[3])!, count: Int(arguments[4])!)
    case "load-pull":
        try await LoadChild.pull(arguments[1], port: Int(arguments[2])!)
    case "hold":
        try await LoadChild.hold(port: Int(arguments[1])!, count: Int(arguments[2])!)
    case "load":
        var runner = LoadRunner(
            executable: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path,
            work: option("--work") ?? NSTemporaryDirectory() + "tally-bench-load",
            served: Int(option("--served") ?? "") ?? 10_000,
            pushed: Int(option("--pushed") ?? "") ?? 2_000,
            repeats: Int(option("--repeats") ?? "") ?? 3
        )
        if let counts = option("--push-clients") {
            runner.pushClients = counts.split(separator: ",").compactMap { Int($0) }
        }
        if let counts = option("--pull-clients") {
            runner.pullClients = counts.split(separator: ",").compactMap { Int($0) }
        }
        try runner.main()
    default:
        if let unknown = arguments.first(where: { $0.hasPrefix("--") && !knownOptions.contains($0) }) {
            FileHandle.standardError.write(Data("tally-bench: unknown option \(unknown)\n\(usage)\n".utf8))
            exit(64)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        // `cli-sync --repeats R`: rounds of the CLI figures; the full run: runs of the main scenario.
        let cliOnly = arguments.first == "cli-sync"
        var runner = Runner(
            executable: executable,
            work: option("--work") ?? NSTemporaryDirectory() + "tally-bench",
            records: Int(option("--records") ?? "") ?? 1_000_000,
            tally: option("--tally") ?? CLISyncRunner.defaultTally(beside: executable),
            cliRepeats: Int(option(cliOnly ? "--repeats" : "--cli-repeats") ?? "") ?? 3
        )
        if cliOnly {
            try runner.cliSyncOnly()
        } else {
            runner.memory = (option("--memory") ?? option("--compare")).flatMap { Int($0) }
            runner.repeats = Int(option("--repeats") ?? "") ?? 3
            runner.clients = Int(option("--clients") ?? "") ?? 20
            try runner.main()
        }
    }
} catch {
    FileHandle.standardError.write(Data("tally-bench: \(error)\n".utf8))
    exit(1)
}
