import Foundation
import Testing

/// `tally token create|list|revoke` through the binary, and their effect on a real `tally serve`.
@Suite(.serialized) struct TokenVerbTests {
    static func tokens(_ server: String) throws -> [[String: Any]] {
        let listed = try TallyProcess.run(["-C", server, "token", "list", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        return try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test func tokensAreListedWithRFC3339TimesAndNeverTheirSecrets() throws {
        let space = try Workspace()
        let server = try ServeTests.replica(space, "server")
        #expect(try TallyProcess.run(["-C", server, "token", "list"]).stdout.hasPrefix("no tokens"))
        let labelled = try TallyProcess.run([
            "-C", server, "token", "create", "--dataset", "fr", "--scope", "read", "--label", "observer-1",
            "--expires", "30d",
        ])
        #expect(labelled.status == 0, "\(labelled.stderr)")
        let secret = labelled.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("tly_") && !secret.contains("\n"))
        let unnamed = try TallyProcess.run(["-C", server, "token", "create", "--dataset", "*", "--scope", "write"])
        #expect(unnamed.status == 0)
        let taken = try TallyProcess.run([
            "-C", server, "token", "create", "--dataset", "fr", "--scope", "read", "--label", "observer-1",
        ])
        #expect(taken.status == 1)
        #expect(taken.stderr == "tally: a token labelled \"observer-1\" exists: choose another --label\n")
        let badExpiry = try TallyProcess.run([
            "-C", server, "token", "create", "--dataset", "fr", "--scope", "read", "--expires", "soon",
        ])
        #expect(badExpiry.status != 0 && badExpiry.stderr.split(separator: "\n").count == 1)

        let tokens = try Self.tokens(server)
        #expect(tokens.count == 2)
        #expect(
            tokens.first.map { Set($0.keys) }
                == ["id", "label", "scope", "dataset", "created", "expires", "last_used", "revoked", "status"]
        )
        #expect(tokens.map { $0["label"] as? String } == ["observer-1", "token-2"])
        #expect(tokens.map { $0["dataset"] as? String } == ["fr", "*"])
        #expect(tokens.map { $0["status"] as? String } == ["active", "active"])
        let formatter = ISO8601DateFormatter()
        let created = try #require((tokens[0]["created"] as? String).flatMap(formatter.date(from:)))
        let expires = try #require((tokens[0]["expires"] as? String).flatMap(formatter.date(from:)))
        #expect((tokens[0]["created"] as? String)?.hasSuffix("Z") == true)
        #expect(abs(expires.timeIntervalSince(created) - 30 * 86_400) <= 2)
        #expect(tokens[1]["expires"] is NSNull && tokens[0]["last_used"] is NSNull)

        let table = try TallyProcess.run(["-C", server, "token", "list"])
        #expect(table.stdout.split(separator: "\n").first?.hasPrefix("ID  ") == true)
        #expect(table.stdout.contains("observer-1") && !table.stdout.contains(secret))
    }

    @Test func aRevokedTokenIsRefusedByARunningServerAndLastUseIsListed() throws {
        let space = try Workspace()
        let server = try ServeTests.replica(space, "server", withSample: true)
        let created = try TallyProcess.run([
            "-C", server, "token", "create", "--dataset", "fr", "--scope", "read", "--label", "desk",
        ])
        let tokenFile = try space.write("desk.token", created.stdout)
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { process.terminate() }
        let url = "tally://127.0.0.1:\(port)"
        let client = try ServeTests.replica(space, "client")
        let pulled = try TallyProcess.run(["-C", client, "pull", url, "--token-file", tokenFile])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let used = try Self.tokens(server)
        #expect(used.first?["last_used"] is String)

        let revoked = try TallyProcess.run(["-C", server, "token", "revoke", "desk"])
        #expect(revoked.status == 0)
        #expect(revoked.stdout.hasPrefix("revoked desk (tk_"))
        let refused = try TallyProcess.run(["-C", client, "pull", url, "--token-file", tokenFile])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("token revoked or unknown"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try Self.tokens(server).first?["status"] as? String == "revoked")
        let unknown = try TallyProcess.run(["-C", server, "token", "revoke", "desk"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no token \"desk\" to revoke"))
    }

    @Test func badTokensAreLoggedByTheServerWithTheAddressAndTheCount() throws {
        let space = try Workspace()
        let server = try ServeTests.replica(space, "server", withSample: true)
        try TallyProcess.run(["-C", server, "token", "create", "--dataset", "fr", "--scope", "read"])
        let logPath = space.path("serve.err")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let (process, port, _) = try TallyProcess.serve(
            directory: server, stderr: try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        )
        defer { process.terminate() }
        let guess = try space.write("guess.token", "tly_guess\n")
        let client = try ServeTests.replica(space, "client")
        for _ in 0..<2 {
            let refused = try TallyProcess.run([
                "-C", client, "pull", "tally://127.0.0.1:\(port)", "--token-file", guess,
            ])
            #expect(refused.status != 0 && refused.stderr.contains("token revoked or unknown"))
        }
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("bad token") }
        #expect(lines.count == 2)
        #expect(lines.last?.contains("address=127.0.0.1") == true)
        #expect(lines.last?.contains("count=2") == true)
        #expect(lines.last?.contains("delay_ms=250") == true)
    }

    @Test func anExpiredTokenIsRefusedByARunningServer() throws {
        let space = try Workspace()
        let server = try ServeTests.replica(space, "server", withSample: true)
        let created = try TallyProcess.run([
            "-C", server, "token", "create", "--dataset", "fr", "--scope", "read", "--expires", "1s",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let tokenFile = try space.write("short.token", created.stdout)
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { process.terminate() }
        // Expiry is kept to the second (rounded up): two seconds later the token is past it.
        Thread.sleep(forTimeInterval: 2.1)
        let client = try ServeTests.replica(space, "client")
        let refused = try TallyProcess.run([
            "-C", client, "pull", "tally://127.0.0.1:\(port)", "--token-file", tokenFile,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("token expired"))
        #expect(try Self.tokens(server).first?["status"] as? String == "expired")
    }
}
