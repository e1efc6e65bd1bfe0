import BenchSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

    /// The wall time of `tally -C DIRECTORY ARGUMENTS`, which must exit 0, from spawn to reaped exit.
    ///
    /// The child is started with `posix_spawn` and reaped with `waitpid`: Foundation's `Process.waitUntilExit`
    /// on Linux notices an exit only on a run-loop tick, which rounds every figure up to about 50 ms.
    private func time(_ arguments: [String], in directory: String) throws -> Double {
        let argv = [tally, "-C", directory] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, tally, &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw BenchFailure("cannot start \(tally): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let seconds = (ContinuousClock.now - start).inSeconds
        // Exited normally (low 7 bits 0) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchFailure("tally \(arguments.joined(separator: " ")) ended with wait status \(status)")
        }
        return seconds
    }
}
