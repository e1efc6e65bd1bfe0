import Foundation
import Replica
import Store
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
    private let RUSAGE_SELF_WHO = RUSAGE_SELF.rawValue
#else
    import Darwin
    private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// Measures import and apply rates; runs only with `TALLY_REPLICA_THROUGHPUT=N` (N records) in a release build:
/// `swift test -c release --filter ThroughputTests`. It checks the counts, never the times (no timed tests).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TALLY_REPLICA_THROUGHPUT"] != nil))
struct ThroughputTests {
    @Test func importAndApplyRates() throws {
        let count = Int(ProcessInfo.processInfo.environment["TALLY_REPLICA_THROUGHPUT"] ?? "") ?? 200_000
        let replicas = try TestReplicas(count: 2, durability: .full)
        func tally(_ index: Int) -> (RecordType, String, [(String, FieldValue)]) {
            (
                .tally, "t-\(index)-unit-\(index % 997)",
                [
                    ("election_id", .string("e-2024")), ("party_id", .string("p-\(index % 13)")),
                    ("unit_id", .string("u-\(index % 997)")), ("votes", .int(Int64(index))),
                    ("share", .decimal(ExactDecimal("27.99")!)), ("status", .enumeration("certified")),
                ]
            )
        }
        /// Seconds of CPU this process used so far (the machine is shared: wall time alone misleads).
        func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF_WHO, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
        }
        var cpu = cpuSeconds()
        var start = Date()
        try replicas[0].importRecords(into: "results", (0..<count).lazy.map(tally))
        let importSeconds = Date().timeIntervalSince(start)
        print("import: \(count) records in \(importSeconds) s = \(Int(Double(count) / importSeconds)) records/s")
        print("  cpu: \(Int(Double(count) / (cpuSeconds() - cpu))) records per cpu-second")

        var batches: [[RecordState]] = []
        var after: UInt64 = 0
        while true {
            let batch = try replicas[0].changes(dataset: "results", after: after, limit: 2_000)
            batches.append(try batch.states())
            after = batch.reached
            if batch.isComplete { break }
        }
        cpu = cpuSeconds()
        start = Date()
        for batch in batches { try replicas[1].apply(dataset: "results", records: batch, from: replicas[0].siteID) }
        let applySeconds = Date().timeIntervalSince(start)
        print("apply (empty): \(count) records in \(applySeconds) s = \(Int(Double(count) / applySeconds)) records/s")
        print("  cpu: \(Int(Double(count) / (cpuSeconds() - cpu))) records per cpu-second")

        cpu = cpuSeconds()
        start = Date()
        var unchanged = 0
        for batch in batches {
            unchanged += try replicas[1].apply(dataset: "results", records: batch, from: replicas[0].siteID).unchanged
        }
        let againSeconds = Date().timeIntervalSince(start)
        print("apply (same again): \(count) in \(againSeconds) s = \(Int(Double(count) / againSeconds)) records/s")
        print("  cpu: \(Int(Double(count) / (cpuSeconds() - cpu))) records per cpu-second")
        #expect(unchanged == count)
        #expect(try replicas[1].dataset(named: "results")?.recordCount == count)
    }
}
