import Crypto
import Foundation
import NIOCore
import Records

/// A bundle being written: an `AtomicFile` beside the destination, hashed as it grows.
final class BundleOutput {
    let file: AtomicFile
    var hasher = SHA256()

    init(path: String) throws {
        file = try AtomicFile(path: path)
    }

    /// Writes and hashes the readable bytes of `buffer`, then empties it.
    func write(_ buffer: inout ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { (bytes) throws(FileWriteError) in
            hasher.update(bufferPointer: bytes)
            try file.write(bytes)
        }
        buffer.clear()
    }

    func digest() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// Flushes to disk and renames the file into place; returns the file's size.
    func commit() throws -> UInt64 {
        try file.commit()
        return file.size
    }

    func discard() {
        file.discard()
    }
}
