import Foundation

/// A small tmpfs mounted for one test, to make a disk full on purpose. Mounting needs root (the tests run as root
/// here and in CI); `SmallDisk.available` says whether it works, so a test can be skipped with a message instead.
/// Always `unmount()` it (in a `defer`); `deinit` does it too, lazily, should a test forget.
final class SmallDisk {
    /// Where the disk is mounted.
    let path: String
    private var mounted = true

    /// Whether a tmpfs can be mounted here (root, and `mount` allowed); tried once.
    static let available: Bool = {
        guard
            let disk = try? SmallDisk(
                at: FileManager.default.temporaryDirectory.path + "/tally-disk-probe-"
                    + UUID().uuidString, bytes: 64 * 1024)
        else { return false }
        disk.unmount()
        return true
    }()

    /// The reason shown when the full-disk tests are skipped.
    static let unavailable = "cannot mount a tmpfs here (the full-disk tests need root and mount permission)"

    /// Mounts a tmpfs of `bytes` at `path` (created if missing).
    init(at path: String, bytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = SmallDisk.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path])
        guard status == 0 else {
            mounted = false
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
    }

    deinit { unmount() }

    /// Unmounts the disk (lazily if a process still holds a file on it) and removes the mount point.
    func unmount() {
        guard mounted else { return }
        mounted = false
        if SmallDisk.run("/bin/umount", [path]) != 0 { _ = SmallDisk.run("/bin/umount", ["-l", path]) }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Bytes still free on the disk.
    var freeBytes: Int {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { return 0 }
        return Int(status.f_bavail) * Int(status.f_frsize)
    }

    /// Fills the disk with a file of zeros until only about `bytes` are left (`0`: completely full).
    func fill(leaving bytes: Int = 0) {
        let filler = path + "/filler-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: filler) else { return }
        defer { try? handle.close() }
        let chunk = Data(count: 4096)
        while freeBytes > bytes {
            do { try handle.write(contentsOf: chunk) } catch { return }
        }
    }

    /// Removes every filler file: the disk has room again.
    func makeRoom() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name.hasPrefix("filler-") {
            try? FileManager.default.removeItem(atPath: path + "/" + name)
        }
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
