import Foundation
import Testing

/// `tally bundle` and `tally mirror` / `serve --mirror`, run as a user runs them.
@Suite(.serialized) struct BundleMirrorVerbTests {
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    static func replica(_ space: Workspace, _ name: String, fixture: Bool) throws -> String {
        let dir = space.path(name)
        try TallyProcess.run(["-C", dir, "init"])
        if fixture {
            try TallyProcess.run(["-C", dir, "dataset", "create", "fr-2024", "--kind", "election"])
            let source = Workspace.fixtures.appendingPathComponent("datasets/fr-legislative-2024.ndjson").path
            #expect(try TallyProcess.run(["-C", dir, "import", "fr-2024", source]).status == 0)
        }
        return dir
    }

    @Test func aBundleMovesADatasetAndADamagedOneIsRefused() throws {
        let space = try Workspace()
        let field = try BundleMirrorVerbTests.replica(space, "field", fixture: true)
        let office = try BundleMirrorVerbTests.replica(space, "office", fixture: false)
        let file = space.path("stick.tallybundle")
        let created = try TallyProcess.run(["-C", field, "--json", "bundle", "create", file])
        #expect(created.status == 0, "\(created.stderr)")
        #expect((BundleMirrorVerbTests.json(created.stdout)["records"] as? Int ?? 0) > 0)

        // A flipped byte: refused, nothing changes.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count / 2] ^= 0x40
        let bad = space.path("bad.tallybundle")
        try Data(bytes).write(to: URL(fileURLWithPath: bad))
        let refused = try TallyProcess.run(["-C", office, "bundle", "apply", bad])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("checksum"))
        #expect(try TallyProcess.run(["-C", office, "dataset", "list"]).stdout.isEmpty)

        let applied = try TallyProcess.run(["-C", office, "--json", "bundle", "apply", file])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(BundleMirrorVerbTests.json(applied.stdout)["created"] as? [String] == ["fr-2024"])
        let again = try TallyProcess.run(["-C", office, "--json", "bundle", "apply", file])
        #expect(BundleMirrorVerbTests.json(again.stdout)["records_applied"] as? Int == 0)
        let exportField = try TallyProcess.run(["-C", field, "export", "fr-2024"])
        let exportOffice = try TallyProcess.run(["-C", office, "export", "fr-2024"])
        #expect(exportOffice.stdout == exportField.stdout && !exportField.stdout.isEmpty)

        // Back the other way, since the field replica: only the office's own edit travels.
        let put = try TallyProcess.run([
            "-C", office, "put", "fr-2024", "unit", "ps-1", "name=Bureau 1", "level=polling_station",
        ])
        #expect(put.status == 0, "\(put.stderr)")
        let site = BundleMirrorVerbTests.json(try TallyProcess.run(["-C", field, "--json", "status"]).stdout)["site"]
        let back = try TallyProcess.run([
            "-C", office, "--json", "bundle", "create", space.path("back"), "--since", site as? String ?? "",
        ])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(BundleMirrorVerbTests.json(back.stdout)["records"] as? Int == 1)
    }

    @Test func serveMirrorsAnUpstreamAndReportsIt() throws {
        let space = try Workspace()
        let upstreamDir = try BundleMirrorVerbTests.replica(space, "upstream", fixture: true)
        let (upstream, port, _) = try TallyProcess.serve(directory: upstreamDir)
        defer { upstream.terminate() }
        let mirrorDir = space.path("mirror")
        let url = "tally://127.0.0.1:\(port)"
        let (mirror, _, _) = try TallyProcess.serve(directory: mirrorDir, extra: ["--mirror", url, "--every", "1s"])
        defer { mirror.terminate() }

        func converged() throws -> Bool {
            let mine = try TallyProcess.run(["-C", mirrorDir, "export", "fr-2024"])
            let theirs = try TallyProcess.run(["-C", upstreamDir, "export", "fr-2024"])
            return mine.status == 0 && mine.stdout == theirs.stdout
        }
        func eventually(_ condition: () throws -> Bool) throws -> Bool {
            for _ in 0..<300 {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }
        #expect(try eventually(converged))
        let edit = try TallyProcess.run([
            "-C", upstreamDir, "put", "fr-2024", "unit", "ps-9", "name=Bureau 9", "level=polling_station",
        ])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try eventually(converged))

        let status = BundleMirrorVerbTests.json(try TallyProcess.run(["-C", mirrorDir, "--json", "status"]).stdout)
        let mirrors = status["mirrors"] as? [[String: Any]] ?? []
        #expect(mirrors.count == 1)
        #expect(mirrors.first?["url"] as? String == url)
        #expect(mirrors.first?["last_success"] is String)
        #expect(mirrors.first?["lag_records"] as? Int == 0)
        #expect(mirrors.first?["lag_seconds"] is Int)
        #expect(mirrors.first?["datasets"] as? [String] == ["fr-2024"])

        mirror.terminate()
        mirror.waitUntilExit()
        #expect(mirror.terminationStatus == 0, "SIGTERM stops the mirroring server cleanly")
    }

    @Test func mirrorOnceReportsAFailureAndAnEveryItCannotRead() throws {
        let space = try Workspace()
        let dir = try BundleMirrorVerbTests.replica(space, "m", fixture: false)
        let badEvery = try TallyProcess.run(["-C", dir, "mirror", "tally://127.0.0.1:1", "--every", "soon", "--once"])
        #expect(badEvery.status != 0 && badEvery.stderr.contains("--every"))
        let down = try TallyProcess.run(["-C", dir, "mirror", "tally://127.0.0.1:1", "--every", "5m", "--once"])
        #expect(down.status != 0)
        let status = BundleMirrorVerbTests.json(try TallyProcess.run(["-C", dir, "--json", "status"]).stdout)
        let mirrors = status["mirrors"] as? [[String: Any]] ?? []
        #expect(mirrors.first?["last_error"] is String)
        #expect(mirrors.first?["last_success"] is NSNull)
    }
}
