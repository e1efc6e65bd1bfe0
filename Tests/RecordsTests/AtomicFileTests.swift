import Foundation
import Records
import Testing

/// `AtomicFile`, the one writer of every file Tally writes: the destination holds the old bytes or the new ones,
/// never a directory replaced, never a temporary file left behind.
@Suite struct AtomicFileTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func theDestinationKeepsItsOldBytesUntilCommit() throws {
        let path = folder + "/data.txt"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let file = try AtomicFile(path: path)
        try file.write(Array("new bytes".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try file.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new bytes")
        #expect(try names() == ["data.txt"])
    }

    @Test func aDiscardedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        let path = folder + "/data.txt"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let file = try AtomicFile(path: path)
            try file.write(Array("half of a".utf8))
            // Released without commit, as when the writer fails half way.
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try names() == ["data.txt"])
    }

    @Test func aDirectoryIsRefusedBeforeAnythingIsWritten() throws {
        let path = folder + "/out"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: path + "/inside.txt"))
        #expect(throws: FileWriteError(path: path, message: "\(path) is a directory; give a file name")) {
            try AtomicFile(path: path)
        }
        #expect(try String(contentsOfFile: path + "/inside.txt", encoding: .utf8) == "kept")
        #expect(try names() == ["out"])
    }

    @Test func aDirectoryThatAppearsDuringTheWriteIsNotReplaced() throws {
        let path = folder + "/late"
        let file = try AtomicFile(path: path)
        try file.write(Array("bytes".utf8))
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: FileWriteError.self) { try file.commit() }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try names() == ["late"])
    }

    @Test func aMissingFolderIsOnePlainSentence() throws {
        let path = folder + "/missing/data.txt"
        #expect(
            throws: FileWriteError(
                path: path, message: "cannot write \(path): its folder does not exist; create it first")
        ) { try AtomicFile(path: path) }
    }

    @Test func writingTheBytesAFileHoldsIsNoWrite() throws {
        let path = folder + "/same.txt"
        try AtomicFile.write(Array("same".utf8), to: path)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        try AtomicFile.write(Array("same".utf8), to: path)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(before == after)
        try AtomicFile.write(Array("other".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "other")
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let path = folder + "/token"
        try Data("secret".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try AtomicFile.write(Array("new secret".utf8), to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
