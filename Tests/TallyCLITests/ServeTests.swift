import Foundation
import Testing

/// `tally serve` and the network verbs, run as separate processes over loopback.
@Suite(.serialized) struct ServeTests {
    static let sample = Workspace.fixtures.appendingPathComponent("datasets/fr-legislative-2024.ndjson").path

    static func replica(_ space: Workspace, _ name: String, withSample: Bool = false) throws -> String {
        let dir = space.path(name)
        try TallyProcess.run(["-C", dir, "init"])
        if withSample {
            try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
            try TallyProcess.run(["-C", dir, "import", "fr", sample])
        }
        return dir
    }

    @Test func tokensAreRequiredOnceOneExistsAndScoped() throws {
        let space = try Workspace()
        let server = try Self.replica(space, "server")
        // No token yet: an open server refuses a non-loopback address.
        let refused = try TallyProcess.run(["-C", server, "serve", "--listen", "0.0.0.0:0"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("token"))

        let write = try TallyProcess.run(["-C", server, "token", "create", "--dataset", "fr", "--scope", "write"])
        let read = try TallyProcess.run(["-C", server, "token", "create", "--dataset", "*", "--scope", "read"])
        #expect(write.status == 0 && read.status == 0)
        let writeFile = try space.write("write.token", write.stdout)
        let readFile = try space.write("read.token", read.stdout)
        // Only hashes are stored: the token text is nowhere in the replica's files.
        let stored = try Data(contentsOf: URL(fileURLWithPath: server + "/.tally/replica.sqlite"))
        #expect(stored.range(of: Data(write.stdout.trimmingCharacters(in: .whitespacesAndNewlines).utf8)) == nil)

        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { process.terminate() }
        let url = "tally://127.0.0.1:\(port)"
        let a = try Self.replica(space, "a", withSample: true)
        let noToken = try TallyProcess.run(["-C", a, "push", url])
        #expect(noToken.status != 0)
        #expect(noToken.stderr.contains("token"))
        #expect(noToken.stderr.split(separator: "\n").count == 1)
        let readPush = try TallyProcess.run(["-C", a, "push", url, "--token-file", readFile])
        #expect(readPush.status != 0)
        let pushed = try TallyProcess.run(["-C", a, "push", url, "--token-file", writeFile, "--json"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        let b = try Self.replica(space, "b")
        #expect(try TallyProcess.run(["-C", b, "pull", url, "--token-file", readFile]).status == 0)
        #expect(
            try TallyProcess.run(["-C", b, "export", "fr"]).stdout
                == (try String(contentsOfFile: Self.sample, encoding: .utf8)))
    }

    @Test func sigtermStopsTheServerCleanlyAndMetricsAreServed() throws {
        let space = try Workspace()
        let server = try Self.replica(space, "server")
        let (process, port, _) = try TallyProcess.serve(directory: server, extra: ["--metrics", "127.0.0.1:0"])
        let a = try Self.replica(space, "a", withSample: true)
        let summary = try TallyProcess.run(["-C", a, "sync", "tally://127.0.0.1:\(port)", "--json"])
        #expect(summary.status == 0, "\(summary.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any]
        #expect(json?["records_sent"] as? Int == 33)
        #expect((json?["bytes_sent"] as? Int ?? 0) > 0)
        // A second sync moves nothing.
        let again = try TallyProcess.run(["-C", a, "sync", "tally://127.0.0.1:\(port)", "--json"])
        let second = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect(second?["records_sent"] as? Int == 0)
        #expect(second?["records_received"] as? Int == 0)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func tlsWithACertificateAuthorityOrAPin() throws {
        let space = try Workspace()
        let key = space.path("key.pem")
        let cert = space.path("cert.pem")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", key, "-out", cert,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let server = try Self.replica(space, "server", withSample: true)
        let (process, port, _) = try TallyProcess.serve(
            directory: server, extra: ["--tls-cert", cert, "--tls-key", key])
        defer { process.terminate() }
        let url = "tallys://localhost:\(port)"
        let untrusted = try TallyProcess.run(["-C", try Self.replica(space, "x"), "pull", url])
        #expect(untrusted.status != 0)
        let withCA = try TallyProcess.run(["-C", try Self.replica(space, "a"), "pull", url, "--ca", cert])
        #expect(withCA.status == 0, "\(withCA.stderr)")

        let der = Process()
        der.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        der.arguments = ["x509", "-in", cert, "-outform", "DER", "-out", space.path("cert.der")]
        try der.run()
        der.waitUntilExit()
        let digest = Process()
        digest.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        digest.arguments = ["dgst", "-sha256", "-r", space.path("cert.der")]
        let pipe = Pipe()
        digest.standardOutput = pipe
        try digest.run()
        digest.waitUntilExit()
        let hex =
            String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: " ").first.map(String.init) ?? ""
        let pinned = try TallyProcess.run([
            "-C", try Self.replica(space, "b"), "pull", "tallys://127.0.0.1:\(port)", "--pin", "sha256:" + hex,
        ])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        let wrongPin = try TallyProcess.run([
            "-C", try Self.replica(space, "c"), "pull", url, "--pin", "sha256:" + String(repeating: "0", count: 64),
        ])
        #expect(wrongPin.status != 0)
    }
}
