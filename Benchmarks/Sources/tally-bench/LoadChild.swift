import BenchSupport
import Foundation
import Records
import Replica
import Store
import Synchronization
import Sync
import Transport
import Wire

/// The client steps of `tally-bench load`, each a process of its own (an observer's laptop). Each prepares, prints
/// `READY`, waits for a line on standard input, runs its session, and prints `RESULT {json}` with the wall-clock
/// start and end (Unix seconds, comparable across processes) and the records it moved.
enum LoadChild {
    /// `load-push DIR PORT FIRST COUNT`: a new replica in DIR holding rows FIRST..<FIRST+COUNT (ids no other
    /// client uses), then, on the go signal, one push of them to the server on PORT.
    static func push(_ directory: String, port: Int, first: Int, count: Int) async throws {
        let replica = try Replica.create(at: directory)
        _ = try replica.createDataset(named: TallyRows.dataset, kind: .election)
        _ = try replica.importRecords(into: TallyRows.dataset) { emit in
            for index in first..<first + count { try emit(.tally, TallyRows.id(index), try TallyRows.values(index)) }
        }
        waitForGo()
        let start = Date().timeIntervalSince1970
        let (sent, _) = try await SyncClient.withSession(
            url: RemoteURL(host: "127.0.0.1", port: port, usesTLS: false), store: ReplicaRecordStore(replica: replica),
            token: nil, timeouts: patient
        ) { session in
            try await session.push(dataset: TallyRows.dataset).recordsSent
        }
        Child.result(["start": start, "end": Date().timeIntervalSince1970, "records": sent])
    }

    /// `load-pull DIR PORT`: on the go signal, a cold pull of the benchmark dataset into a new replica in DIR.
    static func pull(_ directory: String, port: Int) async throws {
        let replica = try Replica.create(at: directory)
        waitForGo()
        let start = Date().timeIntervalSince1970
        let session = try await Endpoints.session(replica, port: port, push: false, timeouts: patient)
        Child.result(["start": start, "end": Date().timeIntervalSince1970, "records": session.received])
    }

    /// `hold PORT COUNT`: COUNT connections to PORT, each past WELCOME and then idle, held until standard input
    /// closes. Prints `READY` once every handshake is done.
    static func hold(port: Int, count: Int) async throws {
        let url = RemoteURL(host: "127.0.0.1", port: port, usesTLS: false)
        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let released = Released()
        let held = try Replica.create(at: NSTemporaryDirectory() + "tally-bench-hold-\(getpid())")
        try await withThrowingTaskGroup(of: Void.self) { group in
            // A few handshakes at a time, as real clients arrive: the server admits only a few connections per
            // address before WELCOME.
            var readiness = ready.makeAsyncIterator()
            var handshakes = 0
            for started in 0..<count {
                if started - handshakes >= 8, await readiness.next() != nil { handshakes += 1 }
                group.addTask {
                    do {
                        _ = try await SyncClient.withSession(
                            url: url, store: ReplicaRecordStore(replica: held), token: nil,
                            timeouts: ClientTimeouts(
                                connect: .seconds(60), handshake: .seconds(60), idle: .seconds(600))
                        ) { _ in
                            readyContinuation.yield()
                            // Idle: a check a second, so 1,000 waiting connections cost this process nothing.
                            while !released.flag.withLock({ $0 }) { try await Task.sleep(for: .seconds(1)) }
                        }
                    } catch {
                        // A connection refused or cut: the figure would be wrong, so the run stops.
                        FileHandle.standardError.write(Data("tally-bench hold: \(error)\n".utf8))
                        exit(1)
                    }
                }
            }
            while handshakes < count, await readiness.next() != nil { handshakes += 1 }
            FileHandle.standardOutput.write(Data("READY\n".utf8))
            _ = FileHandle.standardInput.readDataToEndOfFile()
            released.flag.withLock { $0 = true }
            try await group.waitForAll()
        }
        try? FileManager.default.removeItem(atPath: held.directory)
        Child.result(["held": count])
    }

    /// A hundred clients starting at once on a two-core machine may wait long for their WELCOME: the figures
    /// are rates, so the clients wait (a client that gives up would make the run fail, not slower).
    static let patient = ClientTimeouts(all: .seconds(120))

    /// Says `READY` and blocks until the orchestrator writes a line (or closes standard input).
    static func waitForGo() {
        FileHandle.standardOutput.write(Data("READY\n".utf8))
        _ = readLine()
    }

    /// Set when the held connections may close.
    final class Released: Sendable {
        let flag = Mutex(false)
    }
}
