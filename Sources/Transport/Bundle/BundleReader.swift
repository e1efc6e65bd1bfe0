import Crypto
import Foundation
import NIOCore
public import Wire

/// Reads a bundle file: checks its SHA-256 and its structure, then hands out its batches in order.
///
/// The file is streamed in chunks, never loaded whole. `verify()` reads it twice (checksum, then structure);
/// `batches()` reads it again and checks every byte again as it goes.
public struct BundleReader: Sendable {
    /// The bundle file.
    public let path: String
    /// Bytes read from the file at a time.
    public var chunkSize = 1 << 20

    /// Makes a reader of `path`.
    public init(path: String) {
        self.path = path
    }

    /// Checks the checksum over the whole file, then every frame and the header's promises (ranges, batch order,
    /// counts), applying nothing; `inspect` sees each batch of the structure pass and may refuse it by throwing.
    /// Throws `TransportError(.badBundle)` naming what is wrong, or `.file`.
    public func verify(inspect: (BundleHeader, RecordBatch) throws -> Void = { _, _ in }) throws -> BundleSummary {
        let file = try open()
        var hasher = SHA256()
        var offset: UInt64 = 0
        try file.handle.seek(toOffset: 0)
        while offset < file.bodySize {
            let want = Int(min(UInt64(chunkSize), file.bodySize - offset))
            guard let data = try file.handle.read(upToCount: want), data.count == want else {
                throw TransportError(.badBundle, "\(path) changed while it was read")
            }
            hasher.update(data: data)
            offset += UInt64(want)
        }
        guard Array(hasher.finalize()) == file.trailer.sha256 else {
            throw TransportError(
                .badBundle, "\(path): checksum mismatch: the bundle is damaged or was altered; nothing applied"
            )
        }
        let batches = try BundleBatches(file: file, path: path, chunkSize: chunkSize)
        while let batch = try batches.nextBatch() { try inspect(batches.header, batch) }
        let header = batches.header
        let size = file.bodySize + UInt64(BundleFormat.trailerSize)
        return BundleSummary(header: header, trailer: file.trailer, fileSize: size)
    }

    /// Opens the file again for its batches, in file order, checked as they are read (`BundleBatches`).
    public func batches() throws -> BundleBatches {
        try BundleBatches(file: try open(), path: path, chunkSize: chunkSize)
    }

    private func open() throws -> BundleFile {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TransportError(.file, "cannot read \(path)")
        }
        do {
            let size = try handle.seekToEnd()
            let smallest = UInt64(Preamble.size + 8 + BundleFormat.trailerSize)
            guard size >= smallest else {
                throw TransportError(.badBundle, "\(path) is too short to be a bundle (\(size) bytes): cut short?")
            }
            try handle.seek(toOffset: size - UInt64(BundleFormat.trailerSize))
            let tail = try handle.read(upToCount: BundleFormat.trailerSize) ?? Data()
            var buffer = ByteBuffer(bytes: tail)
            let trailer: BundleTrailer
            do {
                trailer = try BundleTrailer.read(from: &buffer)
            } catch {
                throw TransportError(
                    .badBundle,
                    "\(path) does not end with a bundle trailer: it was cut short or is "
                        + "not a bundle")
            }
            return BundleFile(handle: handle, bodySize: size - UInt64(BundleFormat.trailerSize), trailer: trailer)
        } catch {
            try? handle.close()
            if error is TransportError { throw error }
            throw TransportError(.file, "cannot read \(path): \(error)")
        }
    }
}
