import Foundation

/// The first `tally sync` after a cold pull, and a `tally sync` with nothing to do, as a user runs them: the
/// `tally` executable in a process of its own against the `serve` child, wall time from spawn to exit, less the
/// time the same executable takes to start and exit (`tally --version`). Each of `repeats` rounds cold-pulls the
/// dataset into a new replica (a new site, so the server knows nothing of it), then times `tally sync`, `tally
/// sync` again and `tally --version`; the figures are the medians of the rounds.
struct CLISyncRunner {
    let tally: String
    let work: String
    let repeats: Int
    /// Runs a step child (`Runner.run`).
    let step: ([String]) throws -> Runner.Result

    /// The medians of one measurement, in seconds.
    struct Figures {
        var firstSync: [Double] = []
        var noopSync: [Double] = []
        var start: [Double] = []

        static func median(_ values: [Double]) -> Double {
            values.isEmpty ? 0 : values.sorted()[values.count / 2]
        }
        /// The first sync after a cold pull beyond process start.
        var firstBeyondStart: Double { Self.median(firstSync) - Self.median(start) }
        /// A no-op sync beyond process start.
        var noopBeyondStart: Double { Self.median(noopSync) - Self.median(start) }
    }

    /// The `tally` executable next to `executable` (both are products of the Benchmarks package's release build).
    static func defaultTally(beside executable: String) -> String {
        URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("tally").path
    }

    func measure(port: Int, log: (String) -> Void) throws -> Figures {
        guard FileManager.default.isExecutableFile(atPath: tally) else {
            throw BenchFailure(
                "no tally executable at \(tally): build it (cd Benchmarks && swift build -c release --product tally) "
                    + "or pass --tally PATH")
        }
        var figures = Figures()
        let url = "tally://127.0.0.1:\(port)"
        for round in 0..<repeats {
            let directory = work + "/cli-\(round)"
            log("cli round \(round + 1)/\(repeats): cold pull into \(directory)")
            _ = try step(["pull", directory, String(port), "1", "0"])
            figures.firstSync.append(try time(["sync", url], in: directory))
            figures.noopSync.append(try time(["sync", url], in: directory))
            figures.start.append(try time(["--version"], in: directory))
            try? FileManager.default.removeItem(atPath: directory)
        }
        return figures
    }

    /// The wall time of `tally -C DIRECTORY ARGUMENTS`, which must exit 0, from spawn to reaped exit (`Spawn`).
    private func time(_ arguments: [String], in directory: String) throws -> Double {
        try Spawn.time([tally, "-C", directory] + arguments)
    }
}
