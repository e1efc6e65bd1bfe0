public import NIOCore
public import Wire

/// The last 52 bytes of a bundle file: `BEND`, the batch and record counts, and the SHA-256 of every byte before
/// the trailer (Protocol.md, "Bundles").
public struct BundleTrailer: Hashable, Sendable {
    /// How many record batch frames (`RECORD_BATCH` or `RECORD_COLUMNS`) the bundle holds.
    public var batchCount: UInt64
    /// How many records those batches hold in all.
    public var recordCount: UInt64
    /// SHA-256 of the file from its first byte up to the trailer, 32 bytes.
    public var sha256: [UInt8]

    /// Makes a trailer.
    public init(batchCount: UInt64, recordCount: UInt64, sha256: [UInt8]) {
        self.batchCount = batchCount
        self.recordCount = recordCount
        self.sha256 = sha256
    }

    /// Appends the 52 trailer bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeBytes(BundleFormat.trailerMagic)
        buffer.writeInteger(batchCount, endianness: .big)
        buffer.writeInteger(recordCount, endianness: .big)
        buffer.writeBytes(sha256)
    }

    /// Reads the 52 trailer bytes; `.badMagic` when they do not start with `BEND` (a truncated bundle).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> BundleTrailer {
        let magic = try buffer.readExactly(4)
        guard magic == BundleFormat.trailerMagic else {
            throw WireError(.badMagic, "the bundle does not end with its trailer (cut short?)")
        }
        let batches: UInt64 = try buffer.readFixed()
        let records: UInt64 = try buffer.readFixed()
        return BundleTrailer(batchCount: batches, recordCount: records, sha256: try buffer.readExactly(32))
    }
}
