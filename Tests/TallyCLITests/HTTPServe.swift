import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `tally serve --http 127.0.0.1:0` process over a replica folder, with both of its ports; stopped on deinit.
final class HTTPServedReplica {
    let process: Process
    let directory: String
    let syncPort: Int
    let httpPort: Int

    /// Starts `tally -C DIR serve --listen 127.0.0.1:0 --http HTTP EXTRA...` and waits for both its
    /// `listening on` and `http on` lines.
    init(directory: String, http: String = "127.0.0.1:0", extra: [String] = []) throws {
        let (process, port, log) = try TallyProcess.serve(directory: directory, extra: ["--http", http] + extra)
        self.process = process
        self.directory = directory
        self.syncPort = port
        var found: Int?
        for _ in 0..<300 where found == nil {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("http on ") }) {
                found = Int(line.split(separator: ":").last ?? "")
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let found else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not print http on"])
        }
        self.httpPort = found
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// `tally://127.0.0.1:PORT` of the sync port.
    var syncURL: String { "tally://127.0.0.1:\(syncPort)" }

    /// `http://127.0.0.1:PORT/PATH` of the HTTP side.
    func url(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// `GET PATH` on the HTTP side.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPFetch.Response {
        try await HTTPFetch.get(url(path), headers: headers)
    }
}

/// A plain HTTP GET, as a browser or Prometheus makes it.
enum HTTPFetch {
    struct Response {
        var status: Int
        var contentType: String
        var body: String
    }

    static func get(_ address: String, headers: [String: String] = [:]) async throws -> Response {
        var request = URLRequest(url: try #require(URL(string: address)))
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                    return
                }
                let http = response as? HTTPURLResponse
                continuation.resume(
                    returning: Response(
                        status: http?.statusCode ?? 0,
                        contentType: http?.value(forHTTPHeaderField: "Content-Type") ?? "",
                        body: String(decoding: data ?? Data(), as: UTF8.self)
                    )
                )
            }.resume()
        }
    }
}

/// The README's story on a results night: a server, two field replicas that both edit the election's name, and
/// a conflict on the server once both have pushed.
struct ConflictScenario {
    let server: HTTPServedReplica
    let token: String

    static let sample = Workspace.fixtures.appendingPathComponent("datasets/fr-legislative-2024.ndjson").path

    /// Runs the story in `space` over real processes and sockets: `a` imports the sample and pushes it, `b`
    /// pulls it, each sets the election's `name` to its own value, `a` pushes, then `b` pushes (the conflict).
    /// The server has one token (`--dataset '*' --scope write`) that every client uses.
    static func run(in space: Workspace) throws -> ConflictScenario {
        let serverDirectory = space.path("server")
        try expectSuccess(["-C", serverDirectory, "init"])
        let created = try TallyProcess.run([
            "-C", serverDirectory, "token", "create", "--dataset", "*", "--scope", "write",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require(
            created.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("tly_") }.map(String.init))
        let tokenFile = try space.write("field.token", token)
        let server = try HTTPServedReplica(directory: serverDirectory)
        let (a, b) = (space.path("a"), space.path("b"))
        try expectSuccess(["-C", a, "init"])
        try expectSuccess(["-C", a, "dataset", "create", "fr", "--kind", "election"])
        try expectSuccess(["-C", a, "import", "fr", sample])
        try expectSuccess(["-C", a, "push", server.syncURL, "--token-file", tokenFile])
        try expectSuccess(["-C", b, "init"])
        try expectSuccess(["-C", b, "pull", server.syncURL, "--token-file", tokenFile])
        try expectSuccess(["-C", a, "put", "fr", "election", "fr-legislative-2024", "name=Législatives (bureau A)"])
        try expectSuccess(["-C", b, "put", "fr", "election", "fr-legislative-2024", "name=Législatives (bureau B)"])
        try expectSuccess(["-C", a, "push", server.syncURL, "--token-file", tokenFile])
        try expectSuccess(["-C", b, "push", server.syncURL, "--token-file", tokenFile])
        return ConflictScenario(server: server, token: token)
    }

    private static func expectSuccess(_ arguments: [String]) throws {
        let result = try TallyProcess.run(arguments)
        #expect(result.status == 0, "tally \(arguments.joined(separator: " ")): \(result.stderr)")
    }
}
