import Foundation
import Testing

/// The `sqlite3` command-line shell on a store file: tests use it to put a store in a state no API of this
/// version makes (an older schema, a migration of a newer version).
enum SQLiteShell {
    static let path = "/usr/bin/sqlite3"

    /// `true` when the shell is installed (`scripts/setup.sh` installs it); tests that need it are skipped without.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `sql` on the store file `file` and returns what the shell printed. Records an issue if it fails.
    @discardableResult
    static func run(_ file: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [file, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 failed on \(file): \(sql)")
        return text
    }
}
