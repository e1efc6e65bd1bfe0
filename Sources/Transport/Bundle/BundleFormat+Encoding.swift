import Crypto
import Foundation
import NIOCore
public import Wire

extension BundleFormat {
    /// A whole bundle in memory: preamble, header, one frame per batch, trailer (for small bundles and tests;
    /// `BundleWriter` streams the same layout to a file). The frames are those of the header's format version,
    /// unless `encoder` says otherwise.
    public static func encode(
        header: BundleHeader, batches: [RecordBatch], encoder: FrameEncoder? = nil
    ) throws(WireError) -> [UInt8] {
        let encoder = encoder ?? frameEncoder(version: header.formatVersion)
        var buffer = ByteBuffer()
        Preamble.write(to: &buffer)
        var payload = ByteBuffer()
        header.write(to: &payload)
        buffer.writeBytes(headerMagic)
        buffer.writeInteger(UInt32(payload.readableBytes), endianness: .big)
        buffer.writeBuffer(&payload)
        for batch in batches { try encoder.encode(.recordBatch(batch), into: &buffer) }
        let digest = buffer.withUnsafeReadableBytes { Array(SHA256.hash(data: $0)) }
        let records = batches.reduce(0) { $0 + $1.records.count }
        BundleTrailer(batchCount: UInt64(batches.count), recordCount: UInt64(records), sha256: digest)
            .write(to: &buffer)
        return Array(buffer.readableBytesView)
    }
}
