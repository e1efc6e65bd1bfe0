import Foundation
import Testing

/// A replica written by an older tally (the v7 store layout, `Fixtures/stores/v7`) answers today's tally exactly
/// as it answered the tally that wrote it: the first command migrates it, and export, log, conflicts and tokens
/// print the same bytes.
@Suite struct StoreUpgradeTests {
    static let fixture = Workspace.fixtures.appendingPathComponent("stores/v7")

    static func expected(_ name: String) throws -> String {
        try String(contentsOf: fixture.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func aReplicaWrittenByTheV7LayoutPrintsWhatItPrintedBefore() throws {
        let space = try Workspace()
        let dir = space.path("replica")
        try FileManager.default.copyItem(atPath: Self.fixture.appendingPathComponent("replica").path, toPath: dir)

        for name in ["fr-2024", "peskov"] {
            let exported = try TallyProcess.run(["-C", dir, "export", name, "--output", space.path("\(name).ndjson")])
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(try space.read("\(name).ndjson") == Self.expected("\(name).export.ndjson"))
            let log = try TallyProcess.run(["-C", dir, "log", name, "--json", "--limit", "1000"])
            #expect(log.stdout == (try Self.expected("\(name).log.json")))
        }
        let conflicts = try TallyProcess.run(["-C", dir, "conflicts", "fr-2024", "--json"])
        #expect(conflicts.stdout == (try Self.expected("fr-2024.conflicts.json")))
        let tokens = try TallyProcess.run(["-C", dir, "token", "list", "--json"])
        #expect(tokens.stdout == (try Self.expected("tokens.json")))
        let checked = try TallyProcess.run(["-C", dir, "check", "peskov", "--integrity"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }
}
