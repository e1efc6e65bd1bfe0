import Foundation
import Replica
import Store
import Testing
import Wire

@Suite struct StoreTests {
    @Test func createThenOpenKeepsTheSiteID() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let created = try Replica.create(at: directory.path)
        let opened = try Replica.open(at: directory.path)
        #expect(created.siteID == opened.siteID)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/.tally/replica.sqlite"))
        #expect(throws: ReplicaError(.alreadyAReplica, "\(directory.path) is already a tally replica")) {
            try Replica.create(at: directory.path)
        }
    }

    @Test func openingADirectoryWithoutTallyFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = #expect(throws: ReplicaError.self) { try Replica.open(at: directory.path) }
        #expect(error?.code == .notAReplica)
        #expect(error?.message.contains("not a tally replica (run tally init)") == true)
    }

    @Test(.enabled(if: SQLiteShell.isAvailable))
    func aStoreANewerTallyMigratedIsRefusedAndLeftAsItIs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.subdirectory("r")
        do {
            let replica = try Replica.create(at: path)
            _ = try replica.createDataset(named: "fr", kind: .election)
            try replica.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(10))])
        }
        let file = path + "/.tally/replica.sqlite"
        // What a later version would leave: a migration this one does not know.
        try SQLiteShell.run(file, "INSERT INTO grdb_migrations VALUES ('v99-from-a-newer-tally')")

        let error = #expect(throws: ReplicaError.self) { try Replica.open(at: path) }
        #expect(error?.code == .newerStore)
        #expect(error?.message == "\(file) was written by a newer version of tally; upgrade tally to open it")
        // Nothing was migrated or written.
        let last = try SQLiteShell.run(file, "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1")
        #expect(last == "v99-from-a-newer-tally\n")

        try SQLiteShell.run(file, "DELETE FROM grdb_migrations WHERE identifier = 'v99-from-a-newer-tally'")
        let reopened = try Replica.open(at: path)
        #expect(try reopened.record(dataset: "fr", id: "t-1")?.value(of: "votes") == .int(10))
    }

    @Test func storedCountsHoldDeletedRecordsThatLiveCountsLeaveOut() throws {
        let replicas = try TestReplicas(count: 1, dataset: nil)
        let replica = replicas[0]
        try replica.createDataset(named: "fr", kind: .election)
        try replica.createDataset(named: "empty", kind: .statement)
        for id in ["u1", "u2", "u3"] {
            try replica.put(
                dataset: "fr", type: .unit, id: id, values: [("name", .string(id)), ("level", .enumeration("commune"))])
        }
        try replica.delete(dataset: "fr", id: "u2")
        #expect(try replica.storedRecordCounts() == ["fr": 3, "empty": 0])
        #expect(try replica.dataset(named: "fr")?.recordCount == 2)
    }

    @Test func datasetsAreCreatedListedAndValidated() throws {
        let replicas = try TestReplicas(count: 1, dataset: nil)
        let replica = replicas[0]
        let created = try replica.createDataset(named: "speeches-2024", kind: .statement)
        try replica.createDataset(named: "euro.2024_results", kind: .election)
        #expect(created.sequence == 0 && created.recordCount == 0)
        #expect(try replica.datasets().map(\.name) == ["euro.2024_results", "speeches-2024"])
        #expect(try replica.dataset(named: "speeches-2024")?.kind == .statement)
        #expect(try replica.dataset(named: "nope") == nil)
        for bad in ["", "has space", "slash/name", String(repeating: "a", count: 65), "é"] {
            let error = #expect(throws: ReplicaError.self) { try replica.createDataset(named: bad, kind: .election) }
            #expect(error?.code == .invalidName)
        }
        let duplicate = #expect(throws: ReplicaError.self) {
            try replica.createDataset(named: "speeches-2024", kind: .election)
        }
        #expect(duplicate?.code == .datasetExists)
        #expect(try replica.datasets().count == 2)
    }

    @Test func putGetAndEdit() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.put(
            dataset: "results", type: .party, id: "p-1", values: [("name", .string("Greens")), ("seats", .int(3))])
        let edited = try replica.put(dataset: "results", type: .party, id: "p-1", values: [("seats", .int(4))])
        #expect(edited.value(of: "name") == .string("Greens"))
        #expect(edited.value(of: "seats") == .int(4))
        #expect(try replica.record(dataset: "results", id: "p-1") == edited)
        #expect(try replica.record(dataset: "results", id: "p-2") == nil)
        let info = try replica.dataset(named: "results")!
        #expect(info.sequence == 2 && info.recordCount == 1 && info.conflictCount == 0)
    }

    @Test func badPutsChangeNothing() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.put(dataset: "results", type: .party, id: "p-1", values: [("name", .string("Greens"))])
        let cases: [(ReplicaError.Code, () throws -> Void)] = [
            (.kindMismatch, { try replica.put(dataset: "results", type: .person, id: "x", values: []) }),
            (.typeChange, { try replica.put(dataset: "results", type: .unit, id: "p-1", values: []) }),
            (.invalidName, { try replica.put(dataset: "results", type: .party, id: "bad id", values: []) }),
            (.invalidName, { try replica.put(dataset: "results", type: .party, id: "p-2", values: [("Bad", .null)]) }),
            (.datasetNotFound, { try replica.put(dataset: "nope", type: .party, id: "p-2", values: []) }),
            (.recordNotFound, { try replica.delete(dataset: "results", id: "p-9") }),
        ]
        for (code, operation) in cases {
            let error = #expect(throws: ReplicaError.self) { try operation() }
            #expect(error?.code == code)
        }
        #expect(try replica.dataset(named: "results")?.sequence == 1)
    }

    @Test func deleteIsATombstoneAndDeletingTwiceFails() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.put(dataset: "results", type: .party, id: "p-1", values: [("name", .string("Greens"))])
        let deleted = try replica.delete(dataset: "results", id: "p-1")
        #expect(deleted.isDeleted)
        #expect(try replica.record(dataset: "results", id: "p-1")?.isDeleted == true)
        #expect(try replica.dataset(named: "results")?.recordCount == 0)
        let error = #expect(throws: ReplicaError.self) { try replica.delete(dataset: "results", id: "p-1") }
        #expect(error?.code == .recordDeleted)
    }

    @Test func aPutOnADeletedRecordRecreatesItWithoutItsOldValues() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.put(
            dataset: "results", type: .party, id: "p-1", values: [("name", .string("Old")), ("seats", .int(3))])
        try replica.delete(dataset: "results", id: "p-1")
        let recreated = try replica.put(dataset: "results", type: .party, id: "p-1", values: [("name", .string("New"))])
        #expect(!recreated.isDeleted)
        #expect(recreated.values.map(\.name) == ["name"])
        #expect(recreated.value(of: "seats") == .null)
        #expect(try replica.dataset(named: "results")?.recordCount == 1)
    }

    @Test func importIsOneTransactionAndAllOrNothing() throws {
        struct ParseError: Error, Equatable { var line: Int }
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.put(dataset: "results", type: .party, id: "p-0", values: [("name", .string("Before"))])
        let before = try replica.snapshot(dataset: "results")
        #expect(throws: ParseError(line: 501)) {
            try replica.importRecords(into: "results") { emit in
                for line in 1...1_000 {
                    if line == 501 { throw ParseError(line: line) }
                    try emit(.tally, "t-\(line)", [("votes", .int(Int64(line)))])
                }
            }
        }
        let badKind = (1...100).map { index in
            (index == 50 ? RecordType.person : .tally, "t-\(index)", [("votes", FieldValue.int(1))])
        }
        let error = #expect(throws: ReplicaError.self) { try replica.importRecords(into: "results", badKind) }
        #expect(error?.code == .kindMismatch)
        #expect(try replica.snapshot(dataset: "results") == before)
        #expect(try replica.dataset(named: "results")?.sequence == 1)

        let good = (1...300).lazy.map { (RecordType.tally, "t-\($0)", [("votes", FieldValue.int(Int64($0)))]) }
        #expect(try replica.importRecords(into: "results", good) == ImportResult(created: 300))
        let info = try replica.dataset(named: "results")!
        #expect(info.recordCount == 301 && info.sequence == 301)
    }

    @Test func liveRecordsStreamSortedByTypeThenID() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.importRecords(
            into: "results",
            [
                (.tally, "b", [("votes", .int(1))]), (.party, "z", [("name", .string("Z"))]),
                (.tally, "a", [("votes", .int(2))]), (.election, "e", [("name", .string("E"))]),
                (.tally, "c", [("votes", .int(3))]),
            ])
        try replica.delete(dataset: "results", id: "c")
        var seen: [String] = []
        try replica.forEachLiveRecord(dataset: "results") { seen.append("\($0.type.name)/\($0.id)") }
        #expect(seen == ["election/e", "party/z", "tally/a", "tally/b"])
    }

    @Test func logListsTheLatestChangesNewestFirst() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        try replica.put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        try replica.put(dataset: "results", type: .tally, id: "b", values: [("votes", .int(1))])
        try replica.delete(dataset: "results", id: "a")
        let log = try replica.log(dataset: "results", limit: 2)
        #expect(log.map(\.sequence) == [3, 2])
        #expect(log.map(\.id) == ["a", "b"])
        #expect(log[0].deleted && !log[1].deleted)
        #expect(log.allSatisfy { $0.site == replica.siteID })
        #expect(log[0].clock > log[1].clock)
    }
}
