import Foundation
import Replica
import Store
import Testing
import Wire

/// kill -9 of a process in the middle of a large import leaves the previous state, and a sound file.
@Suite struct CrashSafetyTests {
    static let childDirectoryVariable = "TALLY_REPLICA_CRASH_CHILD_DIR"

    @Test func killDuringALargeImportLeavesThePreviousState() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.subdirectory("replica")
        var before: [String: [UInt8]] = [:]
        do {
            let replica = try Replica.create(at: path)
            try replica.createDataset(named: "results", kind: .election)
            try replica.importRecords(
                into: "results", (0..<10).map { (.tally, "t-\($0)", [("votes", .int(Int64($0)))]) }
            )
            before = try replica.snapshot(dataset: "results")
        }
        let marker = directory.subdirectory("importing")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashSafetyTests/childImportsForever"]
        var environment = ProcessInfo.processInfo.environment
        environment[CrashSafetyTests.childDirectoryVariable] = directory.path
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        // Wait (without a time limit of our own) until the child is deep inside its import transaction.
        while !FileManager.default.fileExists(atPath: marker), child.isRunning { usleep(20_000) }
        #expect(child.isRunning, "the child must still be importing when it is killed")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)

        let replica = try Replica.open(at: path)
        #expect(try replica.integrityProblems().isEmpty)
        #expect(try replica.snapshot(dataset: "results") == before)
        #expect(try replica.dataset(named: "results")?.recordCount == 10)
    }

    /// The child side: imports records without end, dropping a marker file once well into the transaction.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[CrashSafetyTests.childDirectoryVariable] != nil))
    func childImportsForever() throws {
        let directory = try #require(ProcessInfo.processInfo.environment[CrashSafetyTests.childDirectoryVariable])
        let replica = try Replica.open(at: (directory as NSString).appendingPathComponent("replica"))
        try replica.importRecords(into: "results") { emit in
            var index = 0
            while true {
                try emit(.tally, "big-\(index)", [("votes", .int(Int64(index))), ("note", .string("padding text"))])
                index += 1
                if index == 30_000 {
                    let marker = (directory as NSString).appendingPathComponent("importing")
                    _ = FileManager.default.createFile(atPath: marker, contents: nil)
                }
            }
        }
    }
}
