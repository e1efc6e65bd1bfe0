import Foundation
import Records
import Synchronization

/// The mirror jobs' status in `DIR/.tally/mirrors.json`, one entry per upstream URL, replaced atomically.
public struct MirrorStatusFile: Sendable {
    /// The file's path.
    public let path: String
    /// Serialises read-modify-write of status files within this process (jobs of one server share a file).
    private static let lock = Mutex(())

    /// The status file of the replica in `directory`.
    public init(directory: String) {
        path = URL(fileURLWithPath: directory).appendingPathComponent(".tally/mirrors.json").path
    }

    /// Every job's status, sorted by URL; none when the file does not exist or cannot be read.
    public func load() -> [MirrorStatus] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return ((try? decoder.decode([MirrorStatus].self, from: data)) ?? []).sorted { $0.url < $1.url }
    }

    /// The status of `url`, if recorded.
    public func status(of url: String) -> MirrorStatus? {
        load().first { $0.url == url }
    }

    /// Replaces the entry of `status.url` (read, modify, rename into place).
    public func save(_ status: MirrorStatus) throws {
        try MirrorStatusFile.lock.withLock { _ in try write(status) }
    }

    private func write(_ status: MirrorStatus) throws {
        var all = load().filter { $0.url != status.url }
        all.append(status)
        all.sort { $0.url < $1.url }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(all)), to: path)
    }
}
