import NIOPosix

/// The threads that run a store's synchronous calls (SQLite) for sessions, so that a slow or waiting store call
/// never holds a thread of Swift's cooperative pool, which every connection's networking and decoding share (a
/// two-core machine has two).
///
/// Two lanes. Reads run on the reader threads, concurrently, each from a WAL snapshot, so a pull is never queued
/// behind a push. Writes run on the writer threads: writes to one store still commit one at a time (SQLite's write
/// lock), and several threads let writes to different stores of one process (a client and a server in a test, a
/// benchmark's replicas) proceed at once.
public final class StoreThreads: Sendable {
    /// The lanes every session uses: 4 readers (a store keeps up to 5 reader connections) and 4 writers.
    public static let shared = StoreThreads(readerCount: 4, writerCount: 4)

    /// The name prefix of the reader threads (Linux keeps 15 characters of a thread's name).
    public static let readerPrefix = "tally-read-"
    /// The name prefix of the writer threads.
    public static let writerPrefix = "tally-write-"

    private let readers: NIOThreadPool
    private let writers: NIOThreadPool

    private init(readerCount: Int, writerCount: Int) {
        // Perpetual: the lanes live as long as the process, like NIO's own singletons.
        readers = NIOThreadPool._makePerpetualStartedPool(
            numberOfThreads: readerCount, threadNamePrefix: Self.readerPrefix)
        writers = NIOThreadPool._makePerpetualStartedPool(
            numberOfThreads: writerCount, threadNamePrefix: Self.writerPrefix)
    }

    /// Runs `body`, which only reads the store, on a reader thread, and returns what it returns or throws.
    public func read<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await readers.runIfActive(body)
    }

    /// Runs `body`, which writes to the store, on a writer thread, and returns what it returns or throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await writers.runIfActive(body)
    }
}
