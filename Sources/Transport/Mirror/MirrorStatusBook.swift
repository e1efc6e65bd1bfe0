import Foundation
import Records
import Synchronization

/// Where the mirror jobs' status is kept, one entry per upstream URL: the file `DIR/.tally/mirrors.json` of a
/// replica folder (replaced atomically), or, for a server on a shared store (`--store`), this process's memory.
public final class MirrorStatusBook: Sendable {
    /// The status file, or `nil` when the book is kept in memory.
    public let path: String?
    /// Serialises read-modify-write of status files within this process (jobs of one server share a file).
    private static let fileLock = Mutex(())
    private let memory = Mutex<[MirrorStatus]>([])

    /// The book in the status file of the replica in `directory`.
    public init(directory: String) {
        path = URL(fileURLWithPath: directory).appendingPathComponent(".tally/mirrors.json").path
    }

    private init() {
        path = nil
    }

    /// A book kept in memory, for as long as the process runs.
    public static func inMemory() -> MirrorStatusBook { MirrorStatusBook() }

    /// Every job's status, sorted by URL; none when the file does not exist or cannot be read.
    public func load() -> [MirrorStatus] {
        guard let path else { return memory.withLock { $0 } }
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return ((try? decoder.decode([MirrorStatus].self, from: data)) ?? []).sorted { $0.url < $1.url }
    }

    /// The status of `url`, if recorded.
    public func status(of url: String) -> MirrorStatus? {
        load().first { $0.url == url }
    }

    /// Replaces the entry of `status.url` (in a file: read, modify, rename into place).
    public func save(_ status: MirrorStatus) throws {
        guard let path else {
            memory.withLock { Self.replace(status, in: &$0) }
            return
        }
        try MirrorStatusBook.fileLock.withLock { _ in
            var all = load()
            Self.replace(status, in: &all)
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(all)), to: path)
        }
    }

    private static func replace(_ status: MirrorStatus, in all: inout [MirrorStatus]) {
        all.removeAll { $0.url == status.url }
        all.append(status)
        all.sort { $0.url < $1.url }
    }
}
