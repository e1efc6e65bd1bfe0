import BenchSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command to its end and times it: the tools the figures run (`tally`, `git`, `rsync`).
///
/// The child is started with `posix_spawnp` and reaped with `waitpid`: Foundation's `Process.waitUntilExit` on
/// Linux notices an exit only on a run-loop tick, which rounds every figure up to about 50 ms.
enum Spawn {
    /// The wall time of `argv` (the first element looked up on `PATH` unless it has a slash), which must exit 0,
    /// from spawn to reaped exit. Its standard output goes to /dev/null, and its standard error too when `quiet`.
    @discardableResult
    static func time(_ argv: [String], quiet: Bool = true) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        if quiet { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawnp(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw BenchFailure("cannot start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let seconds = (ContinuousClock.now - start).inSeconds
        // Exited normally (low 7 bits 0) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchFailure("\(argv.joined(separator: " ")) ended with wait status \(status)")
        }
        return seconds
    }
}
