import Crypto
import Foundation
import NIOCore

/// A bundle being written: a temporary file beside the destination, hashed as it grows.
final class BundleOutput {
    let path: String
    let temporary: String
    let handle: FileHandle
    var hasher = SHA256()
    var size: UInt64 = 0

    init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        temporary = (directory.isEmpty ? "." : directory) + "/.\(name).\(UInt32.random(in: 0...UInt32.max)).partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw TransportError(.file, "cannot write \(path)")
        }
        self.handle = handle
    }

    /// Writes and hashes the readable bytes of `buffer`, then empties it.
    func write(_ buffer: inout ByteBuffer) throws {
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        let count = buffer.readableBytes
        do {
            try handle.write(contentsOf: Data(buffer.readableBytesView))
        } catch {
            throw TransportError(.file, "cannot write \(path): \(error.localizedDescription)")
        }
        size += UInt64(count)
        buffer.clear()
    }

    func digest() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// Flushes to disk and renames the file into place.
    func commit() throws -> UInt64 {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            discard()
            throw TransportError(.file, "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw TransportError(.file, "cannot write \(path): \(reason)")
        }
        return size
    }

    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
