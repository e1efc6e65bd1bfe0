import Foundation
import NIOCore
public import Store
public import Wire

/// The batches of a bundle file, read one at a time from its body (preamble, header, frames), each checked
/// against the header as it comes (`BundleStructureCheck`) and the whole against the trailer at the end. Made by
/// `BundleReader.batches()`; as `CarriedBatches` it feeds `RecordStore.applyCarried(_:)`.
///
/// A problem throws `TransportError(.badBundle)` naming it.
public final class BundleBatches: CarriedBatches {
    /// The bundle's header, read when the batches were opened.
    public let header: BundleHeader
    private let file: BundleFile
    private let path: String
    private let chunkSize: Int
    private var offset: UInt64 = 0
    private var buffer = ByteBuffer()
    private var check: BundleStructureCheck
    private let decoder: FrameDecoder
    private var ended = false

    /// Reads the preamble and the header of `file`.
    init(file: BundleFile, path: String, chunkSize: Int) throws {
        self.file = file
        self.path = path
        self.chunkSize = chunkSize
        try file.handle.seek(toOffset: 0)
        header = try Self.readHeader(file: file, path: path, chunkSize: chunkSize, offset: &offset, buffer: &buffer)
        decoder = BundleFormat.frameDecoder(version: header.formatVersion)
        check = BundleStructureCheck(header: header)
    }

    /// The next batch as the file holds it, or `nil` after the last (the trailer's counts then checked).
    public func nextBatch() throws -> RecordBatch? {
        guard !ended else { return nil }
        while true {
            let frame: Frame?
            do {
                frame = try decoder.decodeFrame(from: &buffer)
            } catch {
                throw bad("frame \(check.batchCount + 1): \(error)")
            }
            guard let frame else {
                if try Self.fill(file: file, path: path, chunkSize: chunkSize, offset: &offset, buffer: &buffer) {
                    continue
                }
                guard buffer.readableBytes == 0 else { throw bad("it ends inside a frame") }
                ended = true
                if let problem = check.finish(trailer: file.trailer) { throw bad(problem) }
                return nil
            }
            let message: WireMessage
            do {
                message = try frame.message()
            } catch {
                throw bad("frame \(check.batchCount + 1): \(error)")
            }
            guard case .recordBatch(let batch) = message else {
                throw bad("frame \(check.batchCount + 1) is \(frame.type.name), not a record batch")
            }
            if let problem = check.admit(batch) { throw bad(problem) }
            return batch
        }
    }

    /// The next batch as changes from the bundle's creator, or `nil` after the last.
    public func next() throws -> CarriedBatch? {
        try nextBatch().map { CarriedBatch(dataset: $0.dataset, records: $0.records, cursor: $0.cursor) }
    }

    private func bad(_ problem: String) -> TransportError {
        Self.bad(problem, path: path)
    }

    private static func bad(_ problem: String, path: String) -> TransportError {
        TransportError(.badBundle, "\(path) is not a valid bundle: \(problem); nothing applied")
    }

    /// Reads more of the body into `buffer`; `false` at its end.
    private static func fill(
        file: BundleFile, path: String, chunkSize: Int, offset: inout UInt64, buffer: inout ByteBuffer
    ) throws -> Bool {
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

    private static func readHeader(
        file: BundleFile, path: String, chunkSize: Int, offset: inout UInt64, buffer: inout ByteBuffer
    ) throws -> BundleHeader {
        func need(_ count: Int) throws {
            while buffer.readableBytes < count {
                guard try fill(file: file, path: path, chunkSize: chunkSize, offset: &offset, buffer: &buffer) else {
                    throw bad("it ends inside its header", path: path)
                }
            }
        }
        try need(Preamble.size)
        do {
            _ = try PreambleDecoder().decodeOrThrow(&buffer)
        } catch {
            throw bad("it does not start with the Tally preamble (\(error))", path: path)
        }
        try need(8)
        guard buffer.readBytes(length: 4) == BundleFormat.headerMagic,
            let length = buffer.readInteger(endianness: .big, as: UInt32.self)
        else { throw bad("no BNDL header after the preamble", path: path) }
        guard Int(length) <= BundleFormat.maxHeaderSize else {
            throw bad("header of \(length) bytes is too large", path: path)
        }
        try need(Int(length))
        var headerBytes = buffer.readSlice(length: Int(length))!
        do {
            return try BundleHeader.read(from: &headerBytes)
        } catch {
            throw bad("bad header: \(error)", path: path)
        }
    }
}
