import BenchSupport
import CSQLiteLimit
import Foundation
import Records
import Replica
import Store
import Sync
import Wire

/// The steps the orchestrator runs each in a process of its own, so each has its own peak memory.
/// Each prints one line `RESULT {json}` on standard output.
enum Child {
    static func result(_ values: [String: Any]) {
        var values = values
        values["peak_rss"] = Measure.peakResidentBytes()
        let data = try! JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])
        FileHandle.standardOutput.write(Data(("RESULT " + String(decoding: data, as: UTF8.self) + "\n").utf8))
    }

    /// `generate FILE COUNT`: the NDJSON rows 0..<COUNT.
    static func generate(_ file: String, count: Int) throws {
        let (_, seconds) = try Measure.seconds { try NDJSONFile.write(0..<count, to: file) }
        result(["seconds": seconds, "bytes": Measure.fileSize(file), "gzip6": try Measure.gzipSize(of: file)])
    }

    /// `import DIR FILE`: a new replica in DIR, the dataset, then `tally import` of FILE, timed.
    static func importFile(_ directory: String, file: String) throws {
        let replica = try Replica.create(at: directory)
        _ = try replica.createDataset(named: TallyRows.dataset, kind: .election)
        let (count, seconds) = try Measure.seconds {
            var reader = try NDJSONReader(path: file, kind: .election)
            return try replica.importRecords(into: TallyRows.dataset) { emit in
                while let record = try reader.next() {
                    try emit(record.type, record.id, record.fields.map { ($0.name, $0.value) })
                }
            }.imported
        }
        result(["seconds": seconds, "records": count])
    }

    /// `limit FILE N`: the store's physical limit (`tally_sqlite_limit`, issue 9's sqlite-limit.c) for N rows in
    /// batches of 2,000, each with a blob of the average encoded state size of the generated rows 0..<N (the
    /// bytes the store keeps per record), in a new SQLite database FILE, removed afterwards.
    static func limit(_ file: String, count: Int) throws {
        // The average over up to 20,000 rows spread evenly over the dataset (the states differ only in their
        // digits), encoded as a remote replica sends them and the store keeps them.
        var factory = StateFactory()
        let sample = try factory.states(stride(from: 0, to: count, by: max(1, count / 20_000)))
        let blob = sample.reduce(0) { $0 + $1.encodedBytes.count } / max(1, sample.count)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        let seconds = tally_sqlite_limit(file, count, 2_000, Int32(blob))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        guard seconds > 0 else { throw BenchFailure("sqlite-limit failed on \(file)") }
        result(["seconds": seconds, "records": count, "rate": Double(count) / seconds, "blob": blob])
    }

    /// `serve DIR`: serves the replica in DIR (a new, empty one if there is none); prints `PORT n`; stops (printing
    /// its result) when standard input closes.
    static func serve(_ directory: String) async throws {
        let replica = try openOrCreate(directory)
        let task = Task {
            try await Endpoints.serve(replica) { port in
                FileHandle.standardOutput.write(Data("PORT \(port)\n".utf8))
            }
        }
        let stdin = FileHandle.standardInput
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                _ = stdin.readDataToEndOfFile()
                done.resume()
            }
        }
        task.cancel()
        result([:])
        exit(0)
    }

    /// `pull DIR PORT REPEAT PUSH`: REPEAT sessions (pull, and push when PUSH is 1) into the replica in DIR.
    static func pull(_ directory: String, port: Int, repeats: Int, push: Bool) async throws {
        let replica = try openOrCreate(directory)
        var sessions: [[String: Any]] = []
        for _ in 0..<repeats {
            sessions.append(describe(try await Endpoints.session(replica, port: port, push: push)))
        }
        result(["sessions": sessions])
    }

    /// `push DIR PORT`: one session that only pushes the replica in DIR to the server on PORT.
    static func push(_ directory: String, port: Int) async throws {
        let replica = try Replica.open(at: directory)
        result(["sessions": [describe(try await Endpoints.session(replica, port: port, pull: false, push: true))]])
    }

    /// A session as the orchestrator reads it (`Runner.sessions`, `Runner.wire`).
    private static func describe(_ session: Endpoints.Session) -> [String: Any] {
        [
            "seconds": session.seconds, "received": session.received, "sent": session.sent,
            "bytes_received": session.bytesReceived, "bytes_sent": session.bytesSent,
        ]
    }

    /// The replica in `directory`, created (empty, no dataset) if there is none.
    private static func openOrCreate(_ directory: String) throws -> Replica {
        FileManager.default.fileExists(atPath: directory + "/.tally")
            ? try Replica.open(at: directory) : try Replica.create(at: directory)
    }

    /// `edit DIR COUNT TOTAL FILE`: changes the votes of COUNT rows spread over 0..<TOTAL in one transaction,
    /// and writes those rows as NDJSON to FILE.
    static func edit(_ directory: String, count: Int, total: Int, file: String) throws {
        let replica = try Replica.open(at: directory)
        let step = max(1, total / count)
        let indices = Array(stride(from: 0, to: total, by: step).prefix(count))
        let (_, seconds) = try Measure.seconds {
            try replica.importRecords(into: TallyRows.dataset) { emit in
                for index in indices { try emit(.tally, TallyRows.id(index), try TallyRows.values(index, revision: 1)) }
            }
        }
        try NDJSONFile.write(indices, revision: 1, to: file)
        result([
            "seconds": seconds, "records": indices.count, "bytes": Measure.fileSize(file),
            "gzip6": try Measure.gzipSize(of: file),
        ])
    }

    /// `apply-empty SOURCE DIR`: a new replica in DIR, then every change of SOURCE applied to it in sync batches
    /// (2,000 records, as a pull does). Only the applies are timed.
    static func applyEmpty(source: String, directory: String) throws {
        let from = try Replica.open(at: source)
        let into = try Replica.create(at: directory)
        _ = try into.createDataset(named: TallyRows.dataset, kind: .election)
        let epoch = try from.dataset(named: TallyRows.dataset)?.epoch ?? 0
        var after: UInt64 = 0
        var applied = 0
        var seconds = 0.0
        while true {
            let slice = try from.changes(dataset: TallyRows.dataset, after: after, limit: 2_000, excludingPeer: nil)
            after = slice.reached
            // Decoded outside the measure: a received batch reaches the store decoded by the frame layer.
            let records = try slice.records.decoded()
            let (outcome, spent) = try Measure.seconds {
                try Self.applyBatch(
                    records, into: into, from: from.siteID, cursor: FeedCursor(epoch: epoch, sequence: after))
            }
            seconds += spent
            applied += outcome.applied
            if slice.isComplete { break }
        }
        result(["seconds": seconds, "records": applied, "rate": Double(applied) / seconds])
    }

    /// `apply-populated DIR FIRST COUNT`: COUNT new rows (from FIRST on) from another site applied in batches of
    /// 2,000 to the populated replica in DIR. Only the applies are timed.
    static func applyPopulated(_ directory: String, first: Int, count: Int) throws {
        let into = try Replica.open(at: directory)
        var factory = StateFactory()
        var applied = 0
        var seconds = 0.0
        var sequence: UInt64 = 0
        for start in stride(from: first, to: first + count, by: 2_000) {
            let states = try factory.states(start..<min(start + 2_000, first + count))
            sequence += UInt64(states.count)
            let (outcome, spent) = try Measure.seconds {
                try Self.applyBatch(
                    states, into: into, from: factory.site, cursor: FeedCursor(epoch: 1, sequence: sequence))
            }
            seconds += spent
            applied += outcome.applied
        }
        result(["seconds": seconds, "records": applied, "rate": Double(applied) / seconds])
    }

    /// What `ReplicaRecordStore.applyBatch` does for a session, without the hop to a store thread: the gate, then
    /// the merge and commit with the cursor.
    static func applyBatch(_ records: [RecordState], into replica: Replica, from peer: SiteID, cursor: FeedCursor)
        throws -> ApplyResult
    {
        try IncomingStates.check(records, in: .election, dataset: TallyRows.dataset)
        return try replica.apply(
            dataset: TallyRows.dataset, records: records, from: peer,
            cursor: CursorUpdate(peer: peer, direction: .pull, cursor: cursor))
    }
}
