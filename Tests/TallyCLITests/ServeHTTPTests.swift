import Foundation
import Testing

/// `tally serve --http`: metrics, health, the status JSON and who may read them, over real processes and sockets.
@Suite(.serialized) struct ServeHTTPTests {
    /// The value of one Prometheus series (`name` or `name{labels}`) in `text`, if present.
    static func metric(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func metricsCountConnectionsRecordsAndBytesAfterARealPushAndPull() async throws {
        let space = try Workspace()
        let serverDirectory = space.path("server")
        #expect(try TallyProcess.run(["-C", serverDirectory, "init"]).status == 0)
        let server = try HTTPServedReplica(directory: serverDirectory, extra: ["--log-level", "error"])
        let a = space.path("a")
        let b = space.path("b")
        for arguments in [
            ["-C", a, "init"], ["-C", a, "dataset", "create", "fr", "--kind", "election"],
            ["-C", a, "import", "fr", ConflictScenario.sample], ["-C", a, "push", server.syncURL],
            ["-C", b, "init"], ["-C", b, "pull", server.syncURL],
        ] {
            let result = try TallyProcess.run(arguments)
            #expect(result.status == 0, "tally \(arguments.joined(separator: " ")): \(result.stderr)")
        }

        let page = try await server.get("/metrics")
        #expect(page.status == 200)
        #expect(page.contentType.hasPrefix("text/plain"))
        let text = page.body
        #expect((Self.metric(text, "tally_connections_total") ?? 0) >= 2, "\(text)")
        #expect((Self.metric(text, "tally_sessions_total") ?? 0) >= 2)
        #expect(Self.metric(text, #"tally_records_received_total{dataset="fr"}"#) == 33)
        #expect(Self.metric(text, #"tally_records_applied_total{dataset="fr"}"#) == 33)
        #expect(Self.metric(text, #"tally_records_sent_total{dataset="fr"}"#) == 33)
        #expect((Self.metric(text, #"tally_bytes_received_total{dataset="fr"}"#) ?? 0) > 1_000)
        #expect((Self.metric(text, #"tally_bytes_sent_total{dataset="fr"}"#) ?? 0) > 1_000)
        #expect((Self.metric(text, "tally_apply_duration_seconds_count") ?? 0) >= 1)
        #expect(Self.metric(text, "tally_connections_active") == 0)
    }

    @Test func recordsSentByAReconciliationAreListedAsAPull() async throws {
        let space = try Workspace()
        let serverDirectory = space.path("server")
        #expect(try TallyProcess.run(["-C", serverDirectory, "init"]).status == 0)
        let server = try HTTPServedReplica(directory: serverDirectory)
        let (a, c) = (space.path("a"), space.path("c"))
        for arguments in [
            ["-C", a, "init"], ["-C", a, "dataset", "create", "fr", "--kind", "election"],
            ["-C", a, "import", "fr", ConflictScenario.sample], ["-C", a, "push", server.syncURL],
            ["-C", c, "init"], ["-C", c, "pull", server.syncURL, "--reconcile"],
        ] {
            let result = try TallyProcess.run(arguments)
            #expect(result.status == 0, "tally \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        let status = try JSONSerialization.jsonObject(with: Data(try await server.get("/api/status").body.utf8))
        let transfers = try #require((status as? [String: Any])?["transfers"] as? [[String: Any]])
        let pulled = transfers.filter { $0["direction"] as? String == "pull" }.compactMap { $0["records"] as? Int }
        #expect(pulled.reduce(0, +) == 33, "\(transfers)")
        let metrics = try await server.get("/metrics").body
        #expect(Self.metric(metrics, #"tally_records_sent_total{dataset="fr"}"#) == 33)
    }

    @Test func healthAndReadinessAnswerWhileServing() async throws {
        let space = try Workspace()
        let server = try HTTPServedReplica(directory: space.path("server"))
        let health = try await server.get("/healthz")
        #expect(health.status == 200)
        #expect(health.body == "ok\n")
        let ready = try await server.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.body == "ready\n")
        #expect(try await server.get("/nothing-here").status == 404)
    }

    @Test func statusJSONHasItsDocumentedFieldsAndTheConflictAfterARealSync() async throws {
        let space = try Workspace()
        let scenario = try ConflictScenario.run(in: space)
        let page = try await scenario.server.get("/api/status")
        #expect(page.status == 200)
        #expect(page.contentType.hasPrefix("application/json"))
        let status = try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
        #expect(
            Set(status.keys)
                == ["node", "site", "listening", "generated_at", "datasets", "peers", "transfers", "mirrors", "tokens"])
        #expect(status["listening"] as? String == "127.0.0.1:\(scenario.server.syncPort)")

        let datasets = try #require(status["datasets"] as? [[String: Any]])
        #expect(datasets.count == 1)
        let fr = try #require(datasets.first)
        #expect(Set(fr.keys) == ["name", "kind", "records", "live", "conflicts", "epoch", "sequence"])
        #expect(fr["name"] as? String == "fr")
        #expect(fr["kind"] as? String == "election")
        #expect(fr["records"] as? Int == 33)
        #expect(fr["live"] as? Int == 33)
        #expect(fr["conflicts"] as? Int == 1)
        #expect((fr["sequence"] as? Int ?? 0) >= 33)

        // Three pushes and one pull of fr (newest first); the last push made the conflict.
        let transfers = try #require(status["transfers"] as? [[String: Any]])
        let expectedKeys: Set<String> = [
            "peer", "site", "address", "dataset", "direction", "records", "applied", "conflicts", "bytes", "started",
            "duration_ms", "result", "error",
        ]
        for transfer in transfers { #expect(Set(transfer.keys) == expectedKeys) }
        let pushes = transfers.filter { $0["direction"] as? String == "push" && ($0["records"] as? Int ?? 0) > 0 }
        #expect(pushes.count == 3, "\(transfers)")
        let last = try #require(pushes.first)
        #expect(last["dataset"] as? String == "fr")
        #expect((last["records"] as? Int ?? 0) >= 1)
        #expect(last["conflicts"] as? Int == 1)
        #expect(last["result"] as? String == "ok")
        #expect(last["error"] is NSNull)
        #expect((last["bytes"] as? Int ?? 0) > 0)
        #expect(!(last["peer"] as? String ?? "").isEmpty)
        #expect((last["site"] as? String ?? "").count == 32)
        #expect(pushes.last?["records"] as? Int == 33)
        #expect(transfers.contains { $0["direction"] as? String == "pull" && $0["records"] as? Int == 33 })

        // Peers have all left; the token is listed without its secret.
        #expect((status["peers"] as? [Any])?.isEmpty == true)
        let tokens = try #require(status["tokens"] as? [[String: Any]])
        #expect(tokens.count == 1)
        #expect(
            Set(tokens[0].keys) == ["id", "label", "scope", "dataset", "created", "expires", "last_used", "status"])
        #expect(tokens[0]["scope"] as? String == "write")
        #expect(tokens[0]["dataset"] is NSNull)
        #expect(tokens[0]["status"] as? String == "active")
        #expect(!page.body.contains(scenario.token))
        #expect((status["mirrors"] as? [Any])?.isEmpty == true)
    }

    @Test func aRefusedPushIsCountedByCodeAndListedAsAFailedTransfer() async throws {
        let space = try Workspace()
        let directory = space.path("server")
        #expect(try TallyProcess.run(["-C", directory, "init"]).status == 0)
        let read = try TallyProcess.run(["-C", directory, "token", "create", "--dataset", "*", "--scope", "read"])
        let readFile = try space.write("read.token", read.stdout)
        let server = try HTTPServedReplica(directory: directory)
        let a = space.path("a")
        for arguments in [
            ["-C", a, "init"], ["-C", a, "dataset", "create", "fr", "--kind", "election"],
            ["-C", a, "import", "fr", ConflictScenario.sample],
        ] {
            #expect(try TallyProcess.run(arguments).status == 0)
        }
        let refused = try TallyProcess.run(["-C", a, "push", server.syncURL, "--token-file", readFile])
        #expect(refused.status != 0)

        let metrics = try await server.get("/metrics").body
        #expect(Self.metric(metrics, #"tally_refusals_total{code="forbidden"}"#) == 1, "\(metrics)")
        #expect(Self.metric(metrics, "tally_session_errors_total") == 1)
        let status = try JSONSerialization.jsonObject(with: Data(try await server.get("/api/status").body.utf8))
        let transfers = try #require((status as? [String: Any])?["transfers"] as? [[String: Any]])
        let failed = try #require(transfers.first)
        #expect(failed["direction"] as? String == "push")
        #expect(failed["dataset"] as? String == "fr")
        #expect(failed["result"] as? String == "error")
        #expect((failed["error"] as? String ?? "").contains("may only read"), "\(failed)")
        #expect(failed["records"] as? Int == 0)
    }

    @Test func mirrorsShowTheirLagAndNextRunInStatusAndMetrics() async throws {
        let space = try Workspace()
        let upstream = space.path("upstream")
        for arguments in [
            ["-C", upstream, "init"], ["-C", upstream, "dataset", "create", "fr", "--kind", "election"],
            ["-C", upstream, "import", "fr", ConflictScenario.sample],
        ] {
            #expect(try TallyProcess.run(arguments).status == 0)
        }
        let (upstreamProcess, upstreamPort, _) = try TallyProcess.serve(directory: upstream)
        defer { upstreamProcess.terminate() }
        let upstreamURL = "tally://127.0.0.1:\(upstreamPort)"
        let mirrorDirectory = space.path("mirror")
        #expect(try TallyProcess.run(["-C", mirrorDirectory, "init"]).status == 0)
        let mirror = try HTTPServedReplica(
            directory: mirrorDirectory, extra: ["--mirror", upstreamURL, "--every", "1h"])

        var entry: [String: Any] = [:]
        for _ in 0..<100 {
            let status = try JSONSerialization.jsonObject(with: Data(try await mirror.get("/api/status").body.utf8))
            let mirrors = (status as? [String: Any])?["mirrors"] as? [[String: Any]] ?? []
            if let first = mirrors.first, first["last_success"] is String {
                entry = first
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(
            Set(entry.keys) == [
                "upstream", "datasets", "last_success", "lag_seconds", "lag_records", "last_error", "failures",
                "next_run",
            ])
        #expect(entry["upstream"] as? String == upstreamURL)
        #expect(entry["datasets"] as? [String] == ["fr"])
        #expect(entry["lag_records"] as? Int == 0)
        #expect(entry["failures"] as? Int == 0)
        #expect(entry["last_error"] is NSNull)
        #expect(entry["next_run"] is String)
        #expect((entry["lag_seconds"] as? Double ?? -1) >= 0)
        let metrics = try await mirror.get("/metrics").body
        #expect(Self.metric(metrics, #"tally_mirror_lag_records{url="\#(upstreamURL)"}"#) == 0, "\(metrics)")
    }

    @Test func offLoopbackTheHTTPSideNeedsAnEveryDatasetToken() async throws {
        let space = try Workspace()
        let directory = space.path("server")
        #expect(try TallyProcess.run(["-C", directory, "init"]).status == 0)
        // No token yet: refused, in one line.
        let refused = try TallyProcess.run(["-C", directory, "serve", "--listen", "127.0.0.1:0", "--http", "0.0.0.0:0"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("refusing to serve HTTP on 0.0.0.0 with no token"))
        #expect(refused.stderr.split(separator: "\n").count == 1)

        let every = try TallyProcess.run(["-C", directory, "token", "create", "--dataset", "*", "--scope", "read"])
        let one = try TallyProcess.run(["-C", directory, "token", "create", "--dataset", "fr", "--scope", "read"])
        let everyToken = try #require(every.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("tly_") })
        let oneToken = try #require(one.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("tly_") })
        let server = try HTTPServedReplica(directory: directory, http: "0.0.0.0:0")
        #expect(try await server.get("/api/status").status == 401)
        #expect(try await server.get("/metrics").status == 401)
        #expect(try await server.get("/").status == 401)
        #expect(try await server.get("/api/status?token=tly_0000").status == 401)
        #expect(try await server.get("/api/status?token=\(oneToken)").status == 403)
        #expect(try await server.get("/api/status?token=\(everyToken)").status == 200)
        #expect(try await server.get("/metrics", headers: ["Authorization": "Bearer \(everyToken)"]).status == 200)
        #expect(try await server.get("/healthz").status == 200)
        #expect(try await server.get("/readyz").status == 200)
    }

    @Test func httpPortInUseIsOnePlainLine() async throws {
        let space = try Workspace()
        let first = try HTTPServedReplica(directory: space.path("one"))
        let second = try TallyProcess.run([
            "-C", space.path("two"), "serve", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:\(first.httpPort)",
            "--log-level", "critical",
        ])
        #expect(second.status != 0)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(first.httpPort) for --http"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
    }
}
