import CZlib
import TestSupport

/// zlib's CRC-32, straight from the C library (independent of Wire's own use of it).
enum CRC32 {
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        UInt32(truncatingIfNeeded: bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }
}

/// Builds zlib streams for malformed-input tests.
enum Deflate {
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { CZlib.compress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        precondition(status == Z_OK)
        return Array(output.prefix(Int(length)))
    }

    /// A zlib stream of `count` zero bytes, built from a small chunk so the test never holds the inflated size.
    static func zeros(count: Int) -> [UInt8] {
        var stream = z_stream()
        precondition(tally_deflateInit2(&stream, 9, Z_DEFLATED, 15, 9, Z_DEFAULT_STRATEGY) == Z_OK)
        defer { deflateEnd(&stream) }
        let chunk = [UInt8](repeating: 0, count: 1 << 16)
        var output: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = count
        while true {
            let take = min(remaining, chunk.count)
            remaining -= take
            let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
            var status: Int32 = Z_OK
            chunk.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(take)
                repeat {
                    scratch.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        status = deflate(&stream, flush)
                        output.append(contentsOf: out.prefix(out.count - Int(stream.avail_out)))
                    }
                } while stream.avail_out == 0
            }
            if flush == Z_FINISH {
                precondition(status == Z_STREAM_END)
                return output
            }
        }
    }
}
