import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `rsync` from an rsync daemon on 127.0.0.1 updating a copy of the NDJSON export after an edit: the baseline of
/// the delta pull's time.
///
/// The daemon's module holds the export before the edit; the client copies it once (not timed); the module's file
/// is then replaced by the export after the edit, and the timed figure is the `rsync -a` that brings the copy up
/// to date (rsync's delta transfer: the copy's block checksums up, the changed blocks down).
struct RsyncBaseline {
    /// Scratch folder; created, and removed at the end.
    let work: String

    /// The seconds `rsync -a` takes to update a copy of `before` into `after`.
    func measure(before: String, after: String) throws -> Double {
        let module = work + "/module"
        let copy = work + "/copy"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: module, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let name = "export.ndjson"
        try FileManager.default.copyItem(atPath: before, toPath: module + "/" + name)
        // As this user (a daemon started by root would otherwise serve as `nobody`), no chroot, logging here.
        let configuration = """
            uid = \(getuid())
            gid = \(getgid())
            use chroot = no
            log file = \(work)/rsyncd.log
            [export]
                path = \(module)
                read only = yes

            """
        try configuration.write(toFile: work + "/rsyncd.conf", atomically: true, encoding: .utf8)
        let daemon = try Daemon { port in
            [
                "rsync", "--daemon", "--no-detach", "--config=\(work)/rsyncd.conf", "--port=\(port)",
                "--address=127.0.0.1",
            ]
        }
        defer { daemon.stop() }
        let source = "rsync://127.0.0.1:\(daemon.port)/export/\(name)"
        try Spawn.time(["rsync", "-a", source, copy + "/" + name], quiet: false)
        try FileManager.default.removeItem(atPath: module + "/" + name)
        try FileManager.default.copyItem(atPath: after, toPath: module + "/" + name)
        // A rewritten export has a new modification time: rsync's quick check (size and time) must see it changed
        // even when both exports were written within the same second and have the same size.
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(2)], ofItemAtPath: module + "/" + name)
        return try Spawn.time(["rsync", "-a", source, copy + "/" + name], quiet: false)
    }
}
