/// Loads a standard-format document (a NIST report, a Popolo document): one JSON value read whole, bounded in
/// size, parsed into a tree. Syntax errors name the line and column.
enum StandardDocument {
    /// The largest document read by default: 64 MiB.
    static let defaultMaximumSize = 64 << 20

    /// Reads every byte of `source` (at most `maximumSize`) and parses it; `name` ("NIST report") starts messages.
    static func load(source: any ByteSource, name: String, maximumSize: Int) throws(RecordError) -> JSONNode {
        var source = source
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: LineReader.chunkSize)
        while true {
            let result = chunk.withUnsafeMutableBytes { buffer -> Result<Int, RecordError> in
                do throws(RecordError) {
                    return .success(try source.read(into: buffer))
                } catch {
                    return .failure(error)
                }
            }
            let count = try result.get()
            if count == 0 { break }
            guard bytes.count + count <= maximumSize else {
                throw RecordError(
                    .recordTooLong,
                    "\(name): the document is over \(maximumSize >> 20) MiB, the most read at once; "
                        + "export or import the dataset as ndjson instead"
                )
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let parsed = bytes.withUnsafeBufferPointer { buffer -> Result<JSONTree, JSONSyntaxError> in
            do throws(JSONSyntaxError) {
                return .success(try JSONTreeParser.parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .success(let tree):
            return JSONNode(value: tree, path: "", document: name)
        case .failure(let error):
            var line = 1
            var lineStart = 0
            for index in 0..<min(error.offset, bytes.count) where bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            let column = error.offset - lineStart + 1
            throw RecordError(.malformedJSON, "\(name): \(error.message) at column \(column)", line: line)
        }
    }
}
