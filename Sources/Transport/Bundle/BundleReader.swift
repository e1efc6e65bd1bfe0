import Crypto
import Foundation
import NIOCore
public import Wire

/// Reads a bundle file: checks its SHA-256 and its structure, then hands out its batches in order.
///
/// The file is streamed in chunks, never loaded whole. `verify()` reads it twice (checksum, then structure);
/// `forEachBatch` reads it again and checks every byte again as it goes.
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
        defer { try? file.handle.close() }
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
        let header = try walk(file, inspect)
        let size = file.bodySize + UInt64(BundleFormat.trailerSize)
        return BundleSummary(header: header, trailer: file.trailer, fileSize: size)
    }

    /// Reads the file again and calls `body` with each batch, in file order, checking structure as it goes.
    public func forEachBatch(_ body: (RecordBatch) throws -> Void) throws {
        let file = try open()
        defer { try? file.handle.close() }
        _ = try walk(file) { _, batch in try body(batch) }
    }

    private struct OpenFile {
        let handle: FileHandle
        let bodySize: UInt64
        let trailer: BundleTrailer
    }

    private func open() throws -> OpenFile {
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
            return OpenFile(handle: handle, bodySize: size - UInt64(BundleFormat.trailerSize), trailer: trailer)
        } catch {
            try? handle.close()
            if error is TransportError { throw error }
            throw TransportError(.file, "cannot read \(path): \(error)")
        }
    }

    /// Streams the body: preamble, header, frames; checks each against the header and the trailer.
    private func walk(_ file: OpenFile, _ body: (BundleHeader, RecordBatch) throws -> Void) throws -> BundleHeader {
        try file.handle.seek(toOffset: 0)
        var offset: UInt64 = 0
        var buffer = ByteBuffer()
        /// Reads more of the body; `false` at its end.
        func fill() throws -> Bool {
            guard offset < file.bodySize else { return false }
            let want = Int(min(UInt64(chunkSize), file.bodySize - offset))
            guard let data = try file.handle.read(upToCount: want), data.count == want else {
                throw TransportError(.badBundle, "\(path) changed while it was read")
            }
            buffer.discardReadBytes()
            buffer.writeBytes(data)
            offset += UInt64(want)
            return true
        }
        func need(_ count: Int) throws {
            while buffer.readableBytes < count {
                guard try fill() else { throw bad("it ends inside its header") }
            }
        }
        try need(Preamble.size)
        do {
            _ = try PreambleDecoder().decodeOrThrow(&buffer)
        } catch {
            throw bad("it does not start with the Tally preamble (\(error))")
        }
        try need(8)
        guard buffer.readBytes(length: 4) == BundleFormat.headerMagic,
            let length = buffer.readInteger(endianness: .big, as: UInt32.self)
        else { throw bad("no BNDL header after the preamble") }
        guard Int(length) <= BundleFormat.maxHeaderSize else { throw bad("header of \(length) bytes is too large") }
        try need(Int(length))
        var headerBytes = buffer.readSlice(length: Int(length))!
        let header: BundleHeader
        do {
            header = try BundleHeader.read(from: &headerBytes)
        } catch {
            throw bad("bad header: \(error)")
        }
        var check = BundleStructureCheck(header: header)
        let decoder = FrameDecoder()
        while true {
            let frame: Frame?
            do {
                frame = try decoder.decodeFrame(from: &buffer)
            } catch {
                throw bad("frame \(check.batchCount + 1): \(error)")
            }
            guard let frame else {
                if try fill() { continue }
                guard buffer.readableBytes == 0 else { throw bad("it ends inside a frame") }
                break
            }
            let message: WireMessage
            do {
                message = try frame.message()
            } catch {
                throw bad("frame \(check.batchCount + 1): \(error)")
            }
            guard case .recordBatch(let batch) = message else {
                throw bad("frame \(check.batchCount + 1) is \(frame.type.name), not RECORD_BATCH")
            }
            if let problem = check.admit(batch) { throw bad(problem) }
            try body(header, batch)
        }
        if let problem = check.finish(trailer: file.trailer) { throw bad(problem) }
        return header
    }

    private func bad(_ problem: String) -> TransportError {
        TransportError(.badBundle, "\(path) is not a valid bundle: \(problem); nothing applied")
    }
}
