import BenchSupport
import Benchmark
import Foundation
import Records
import Replica
import Store
import Sync
import Wire

// The ordo-one/benchmark suite: the per-operation costs behind BENCHMARKS.md's figures, at sizes that repeat in
// seconds. The 1,000,000-record end-to-end figures come from the `tally-bench` executable (BENCHMARKS.md).
// Each benchmark's docs say what one iteration is; rates are rows per iteration divided by wall clock.

/// Rows per iteration of the import and apply benchmarks.
let rowsPerIteration = 20_000
/// Rows in the populated store of the "populated" benchmarks.
let populatedRows = 100_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    // Baseline: `tally import` of 20,000 NDJSON rows into an empty replica (parse, validate, put, commit).
    Benchmark("Import 20k NDJSON rows into an empty replica (baseline)") { benchmark in
        let text = try ndjson(0..<rowsPerIteration)
        for _ in benchmark.scaledIterations {
            let directory = try Scratch()
            let replica = try Replica.create(at: directory.path)
            _ = try replica.createDataset(named: TallyRows.dataset, kind: .election)
            benchmark.startMeasurement()
            var reader = NDJSONReader(source: MemoryByteSource(text), kind: .election)
            let count = try replica.importRecords(into: TallyRows.dataset) { emit in
                while let record = try reader.next() {
                    try emit(record.type, record.id, record.fields.map { ($0.name, $0.value) })
                }
            }
            benchmark.stopMeasurement()
            blackHole(count)
        }
    }

    // Apply: 20,000 remote rows in ten sync batches of 2,000 into an empty replica (validate, merge, commit).
    Benchmark("Apply 20k rows in batches of 2,000 into an empty replica") { benchmark in
        var factory = StateFactory()
        let batches = try stride(from: 0, to: rowsPerIteration, by: 2_000).map { try factory.states($0..<$0 + 2_000) }
        for _ in benchmark.scaledIterations {
            let directory = try Scratch()
            let store = try emptyStore(directory)
            benchmark.startMeasurement()
            try apply(batches, to: store, from: factory.site)
            benchmark.stopMeasurement()
        }
    }

    // Apply: one batch of 2,000 new remote rows into a replica that already holds 100,000.
    Benchmark("Apply 2,000 new rows into a replica of 100k rows") { benchmark in
        let directory = try Scratch()
        let store = try emptyStore(directory)
        var factory = StateFactory()
        for start in stride(from: 0, to: populatedRows, by: 2_000) {
            try apply([try factory.states(start..<start + 2_000)], to: store, from: factory.site)
        }
        var next = populatedRows
        for _ in benchmark.scaledIterations {
            let batch = try factory.states(next..<next + 2_000)
            next += 2_000
            benchmark.startMeasurement()
            try apply([batch], to: store, from: factory.site)
            benchmark.stopMeasurement()
        }
    }

    // Wire: one RECORDS frame of 2,000 rows, encoded and zlib-compressed as the server sends it.
    Benchmark("Encode a RECORDS frame of 2,000 rows (zlib 6)") { benchmark in
        var factory = StateFactory()
        let message = WireMessage.recordBatch(
            RecordBatch(
                dataset: TallyRows.dataset, batchNumber: 1, records: try factory.states(0..<2_000),
                cursor: FeedCursor(epoch: 1, sequence: 2_000), isLast: false
            )
        )
        let encoder = FrameEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(try encoder.encode(message))
        }
    }

    // Wire: the same frame checked, inflated and decoded as the client receives it.
    Benchmark("Decode a RECORDS frame of 2,000 rows") { benchmark in
        var factory = StateFactory()
        let message = WireMessage.recordBatch(
            RecordBatch(
                dataset: TallyRows.dataset, batchNumber: 1, records: try factory.states(0..<2_000),
                cursor: FeedCursor(epoch: 1, sequence: 2_000), isLast: false
            )
        )
        let bytes = try FrameEncoder().encode(message)
        let decoder = FrameDecoder()
        for _ in benchmark.scaledIterations {
            for frame in try decoder.frames(in: bytes) {
                blackHole(try WireMessage.decode(type: frame.type, payload: frame.payload))
            }
        }
    }

    // Loopback: a cold pull of 20,000 rows, server and client in this process over TCP on 127.0.0.1.
    Benchmark("Loopback cold pull of 20k rows (one process)") { benchmark in
        let serverDirectory = try Scratch()
        let server = try populatedReplica(serverDirectory, rows: rowsPerIteration)
        try await withServer(server) { port in
            for _ in benchmark.scaledIterations {
                let directory = try Scratch()
                let client = try Replica.create(at: directory.path)
                benchmark.startMeasurement()
                let session = try await Endpoints.session(client, port: port, push: false)
                benchmark.stopMeasurement()
                blackHole(session)
            }
        }
    }

    // Loopback: a no-op sync (pull then push, nothing to move) of a 100,000-row dataset.
    Benchmark("Loopback no-op sync of a 100k-row dataset (one process)") { benchmark in
        let serverDirectory = try Scratch()
        let server = try populatedReplica(serverDirectory, rows: populatedRows)
        let clientDirectory = try Scratch()
        let client = try Replica.create(at: clientDirectory.path)
        try await withServer(server) { port in
            _ = try await Endpoints.session(client, port: port, push: true)
            _ = try await Endpoints.session(client, port: port, push: true)
            for _ in benchmark.scaledIterations {
                benchmark.startMeasurement()
                let session = try await Endpoints.session(client, port: port, push: true)
                benchmark.stopMeasurement()
                blackHole(session)
            }
        }
    }
}

/// A temporary directory, removed when released.
final class Scratch {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "tally-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func ndjson(_ rows: Range<Int>) throws -> String {
    rows.map { TallyRows.line($0) }.joined(separator: "\n") + "\n"
}

func emptyStore(_ directory: Scratch) throws -> Replica {
    let replica = try Replica.create(at: directory.path)
    _ = try replica.createDataset(named: TallyRows.dataset, kind: .election)
    return replica
}

/// Each batch as `ReplicaRecordStore.applyBatch` applies it for a session (the gate, then the merge and commit),
/// without the hop to a store thread.
func apply(_ batches: [[RecordState]], to replica: Replica, from site: SiteID) throws {
    for batch in batches {
        try IncomingStates.check(batch, in: .election, dataset: TallyRows.dataset)
        blackHole(
            try replica.apply(
                dataset: TallyRows.dataset, records: batch, from: site,
                cursor: CursorUpdate(peer: site, direction: .pull, cursor: FeedCursor(epoch: 1, sequence: 1)))
        )
    }
}

func populatedReplica(_ directory: Scratch, rows: Int) throws -> Replica {
    let replica = try Replica.create(at: directory.path)
    _ = try replica.createDataset(named: TallyRows.dataset, kind: .election)
    try replica.importRecords(into: TallyRows.dataset) { emit in
        for index in 0..<rows { try emit(.tally, TallyRows.id(index), try TallyRows.values(index)) }
    }
    return replica
}

/// Runs `body` with the port of a server of `replica` in this process, then stops the server.
func withServer(_ replica: Replica, _ body: (Int) async throws -> Void) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task { try await Endpoints.serve(replica) { continuation.yield($0) } }
    defer { task.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { return }
    try await body(port)
}
