import BenchSupport
import Foundation

/// `git clone` of an NDJSON export over `git daemon` on 127.0.0.1: the baseline of the cold pull's time and
/// bytes on the wire.
///
/// The export is committed to a new repository and packed (`git repack -a -d`, so the daemon sends a pack it
/// already holds, as a served repository does), then cloned into a new folder, checkout included (the cold pull
/// writes its store too). Bytes on the wire are the size of the pack the clone received
/// (`objects/pack/*.pack`): the transfer's payload, without the ref advertisement and the pkt-line and
/// side-band framing around it (5 bytes per 64 KiB packet), so slightly below the bytes the socket carried.
struct GitBaseline {
    /// Scratch folder; created, and removed at the end.
    let work: String

    struct Figures {
        var seconds = 0.0
        var bytes = 0
    }

    func measure(export file: String) throws -> Figures {
        let repository = work + "/served/export.git"
        let clone = work + "/clone"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let name = URL(fileURLWithPath: file).lastPathComponent
        try FileManager.default.copyItem(atPath: file, toPath: repository + "/" + name)
        let git = ["git", "-C", repository, "-c", "user.name=tally-bench", "-c", "user.email=bench@127.0.0.1"]
        try Spawn.time(["git", "init", "-q", repository], quiet: false)
        try Spawn.time(git + ["add", name], quiet: false)
        try Spawn.time(git + ["commit", "-q", "-m", "export"], quiet: false)
        try Spawn.time(git + ["repack", "-a", "-d", "-q"], quiet: false)
        let daemon = try Daemon { port in
            [
                "git", "daemon", "--export-all", "--base-path=\(work)/served", "--listen=127.0.0.1",
                "--port=\(port)", "--reuseaddr", "--informative-errors",
            ]
        }
        defer { daemon.stop() }
        var figures = Figures()
        figures.seconds = try Spawn.time(
            ["git", "clone", "-q", "git://127.0.0.1:\(daemon.port)/export.git", clone], quiet: false)
        let packs = clone + "/.git/objects/pack"
        for pack in try FileManager.default.contentsOfDirectory(atPath: packs) where pack.hasSuffix(".pack") {
            figures.bytes += Measure.fileSize(packs + "/" + pack)
        }
        return figures
    }
}
