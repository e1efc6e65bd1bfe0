import Foundation
import Logging
import Replica
import Store
import ServiceLifecycle
import Sync
import TestSupport
import Testing
import Transport
import Wire

/// Mirror jobs: backoff stays within its bounds; a mirror keeps up with its upstream, survives an outage,
/// reports it, and catches up.
@Suite struct MirrorTests {
    @Test func backoffGrowsWithJitterAndNeverPassesTheCap() {
        var generator = SeededGenerator(seed: 42)
        for every in [Duration.seconds(1), .seconds(30), .seconds(3600)] {
            let backoff = MirrorBackoff(every: every)
            #expect(backoff.cap == min(every, .seconds(300)))
            var previousCeiling = Duration.zero
            for failures in 1...40 {
                let ceiling = min(backoff.cap, backoff.base * (1 << min(failures - 1, 30)))
                #expect(ceiling >= previousCeiling)
                previousCeiling = ceiling
                for _ in 0..<50 {
                    let delay = backoff.delay(afterFailures: failures, using: &generator)
                    #expect(delay <= ceiling && delay >= ceiling / 2 - .microseconds(1))
                }
            }
        }
    }

    /// Waits (polling, no fixed sleep asserted) until `condition` holds; fails the test after a generous limit.
    static func eventually(_ what: String, _ condition: () throws -> Bool) async throws {
        for _ in 0..<600 {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("never happened: \(what)")
    }

    @Test func aMirrorConvergesSurvivesAnOutageReportsItAndCatchesUp() async throws {
        let replicas = try TemporaryReplicas()
        let upstream = try replicas.make()
        let mirror = try replicas.make()
        try TemporaryReplicas.seed(upstream, count: 200)
        var server = try await TestServer.start(replica: upstream)
        let port = server.port
        var logger = Logger(label: "test.mirror")
        logger.logLevel = .critical
        let job = MirrorJob(url: server.url, every: .seconds(1))
        let statusFile = MirrorStatusBook(directory: mirror.directory)
        let service = MirrorService(
            job: job, store: ReplicaRecordStore(replica: mirror), statusBook: statusFile, logger: logger, seed: 7)
        let group = ServiceGroup(services: [service], logger: logger)
        let running = Task { try await group.run() }

        func converged() throws -> Bool {
            try mirror.dataset(named: "fr") != nil
                && TemporaryReplicas.states(mirror, "fr") == TemporaryReplicas.states(upstream, "fr")
        }
        try await MirrorTests.eventually("first convergence", converged)
        try upstream.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(999))])
        try upstream.delete(dataset: "fr", id: "t-2")
        try await MirrorTests.eventually("convergence after upstream changes", converged)
        let healthy = try #require(statusFile.status(of: job.url.description))
        #expect(healthy.failures == 0 && healthy.lagRecords == 0 && healthy.lastSuccess != nil)
        #expect(healthy.upstreamSite == upstream.siteID.hex)

        // Upstream down: the mirror fails, backs off, and says so.
        try await server.stop()
        try upstream.put(
            dataset: "fr", type: .tally, id: "t-new",
            values: [
                ("election_id", .string("fr-an-2024")), ("round", .int(2)), ("unit_id", .string("FR-X")),
                ("selection_id", .string("RN")), ("votes", .int(5)), ("status", .enumeration("unofficial-partial")),
            ])
        try await MirrorTests.eventually("failures reported") {
            (statusFile.status(of: job.url.description)?.failures ?? 0) >= 2
        }
        let down = try #require(statusFile.status(of: job.url.description))
        #expect(down.lastError != nil)
        let errorAt = try #require(down.lastErrorAt)
        let successAt = try #require(down.lastSuccess)
        #expect(errorAt > successAt)
        #expect((down.lagSeconds(at: Date()) ?? 0) > 0)
        #expect(try !converged())

        // Back up on the same port: the mirror recovers and catches up.
        server = try await TestServer.start(replica: upstream) { $0.port = port }
        try await MirrorTests.eventually("recovery", converged)
        try await MirrorTests.eventually("status back to healthy") {
            statusFile.status(of: job.url.description)?.failures == 0
        }
        let recovered = try #require(statusFile.status(of: job.url.description))
        #expect(recovered.lagRecords == 0)
        #expect(recovered.lastError != nil, "the last error stays on record after recovery")

        await group.triggerGracefulShutdown()
        try await running.value
        try await server.stop()
    }
}
