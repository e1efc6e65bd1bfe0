import Foundation
import Testing

/// Every file tally writes goes to a temporary file beside it and is renamed into place: a directory is never
/// replaced, and a refused write leaves the old file and no temporary file behind.
@Suite struct FileWriteTests {
    static let sample = Workspace.fixtures.appendingPathComponent("datasets/fr-legislative-2024.ndjson").path

    static func replicaWithSample(_ space: Workspace) throws -> String {
        let dir = space.path("replica")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        try TallyProcess.run(["-C", dir, "import", "fr", sample])
        return dir
    }

    /// The names in `folder`, sorted.
    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func exportToAnExistingDirectoryIsRefusedAndTheDirectoryIsIntact() throws {
        let space = try Workspace()
        let replica = try Self.replicaWithSample(space)
        let folder = space.path("out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try space.write("out/keep.txt", "precious\n")
        let result = try TallyProcess.run(["-C", replica, "export", "fr", "--output", folder])
        #expect(result.status == 1)
        #expect(result.stderr == "tally: \(folder) is a directory; give a file name\n")
        #expect(try space.read("out/keep.txt") == "precious\n")
        #expect(try Self.names(in: folder) == ["keep.txt"])
        #expect(try Self.names(in: space.root.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func exportReplacesAFileWholeAndLeavesNoTemporaryFile() throws {
        let space = try Workspace()
        let replica = try Self.replicaWithSample(space)
        let target = try space.write("fr.ndjson", "old contents\n")
        let result = try TallyProcess.run(["-C", replica, "export", "fr", "--output", target])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try space.read("fr.ndjson") == (try String(contentsOfFile: Self.sample, encoding: .utf8)))
        #expect(try Self.names(in: space.root.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func aFailedExportLeavesTheOldFileUntouched() throws {
        let space = try Workspace()
        let replica = try Self.replicaWithSample(space)
        let target = try space.write("fr.ndjson", "old contents\n")
        // The dataset does not exist: the export fails, and the file it would have replaced is as it was.
        let result = try TallyProcess.run(["-C", replica, "export", "nope", "--output", target])
        #expect(result.status == 1)
        #expect(try space.read("fr.ndjson") == "old contents\n")
        #expect(try Self.names(in: space.root.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func exportIntoAMissingFolderSaysSoInOneLine() throws {
        let space = try Workspace()
        let replica = try Self.replicaWithSample(space)
        let target = space.path("missing/fr.ndjson")
        let result = try TallyProcess.run(["-C", replica, "export", "fr", "--output", target])
        #expect(result.status == 1)
        #expect(result.stderr == "tally: cannot write \(target): its folder does not exist; create it first\n")
    }

    @Test func bundleCreateToAnExistingDirectoryIsRefusedAndTheDirectoryIsIntact() throws {
        let space = try Workspace()
        let replica = try Self.replicaWithSample(space)
        let folder = space.path("usb")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try space.write("usb/other.tally", "another bundle\n")
        let result = try TallyProcess.run(["-C", replica, "bundle", "create", folder])
        #expect(result.status == 1)
        #expect(result.stderr == "tally: \(folder) is a directory; give a file name\n")
        #expect(try space.read("usb/other.tally") == "another bundle\n")
        #expect(try Self.names(in: folder) == ["other.tally"])
        #expect(try Self.names(in: space.root.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func aRefusedBundleCreateLeavesTheOldBundleUntouched() throws {
        let space = try Workspace()
        let replica = try Self.replicaWithSample(space)
        let target = try space.write("fr.tally", "old bundle\n")
        let result = try TallyProcess.run(["-C", replica, "bundle", "create", target, "--dataset", "nope"])
        #expect(result.status == 1)
        #expect(try space.read("fr.tally") == "old bundle\n")
        let made = try TallyProcess.run(["-C", replica, "bundle", "create", target])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).count > 100)
        #expect(try Self.names(in: space.root.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }
}
