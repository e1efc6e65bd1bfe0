import Foundation

/// Writes generated rows to an NDJSON file in large blocks.
public enum NDJSONFile {
    /// Writes the lines of `indices` (in `revision`) to `path`, replacing it.
    public static func write(_ indices: some Sequence<Int>, revision: Int = 0, to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? handle.close() }
        var block = ""
        block.reserveCapacity(1 << 20)
        for index in indices {
            block += TallyRows.line(index, revision: revision)
            block += "\n"
            if block.utf8.count >= 1 << 20 {
                try handle.write(contentsOf: Data(block.utf8))
                block.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(block.utf8))
    }
}
