internal import CZlib
import NIOCore

/// zlib through the CZlib shim: CRC-32, deflate into a bounded output, inflate into exactly a declared size.
enum Zlib {
    /// The CRC-32 (ISO 3309, as zlib's `crc32`) of `bytes`.
    static func crc32(_ bytes: ByteBufferView) -> UInt32 {
        let value = bytes.withContiguousStorageIfAvailable { pointer -> UInt in
            guard let base = pointer.baseAddress else { return CZlib.crc32(0, nil, 0) }
            return CZlib.crc32(0, base, uInt(pointer.count))
        }
        if let value { return UInt32(truncatingIfNeeded: value) }
        let copy = Array(bytes)
        let crc = copy.withUnsafeBufferPointer { CZlib.crc32(0, $0.baseAddress, uInt($0.count)) }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// Deflates `input` as one zlib stream at `level`, or returns `nil` when the stream would be longer than
    /// `limit` bytes (or zlib fails).
    static func deflate(_ input: ByteBufferView, level: Int32, limit: Int) -> [UInt8]? {
        guard limit > 0 else { return nil }
        if let result = input.withContiguousStorageIfAvailable({ deflate($0, level: level, limit: limit) }) {
            return result
        }
        return Array(input).withUnsafeBufferPointer { deflate($0, level: level, limit: limit) }
    }

    private static func deflate(_ source: UnsafeBufferPointer<UInt8>, level: Int32, limit: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: limit)
        var stream = z_stream()
        guard tally_deflateInit2(&stream, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let result: Int32 = output.withUnsafeMutableBufferPointer { outputPointer in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            stream.next_out = outputPointer.baseAddress
            stream.avail_out = uInt(outputPointer.count)
            return CZlib.deflate(&stream, Z_FINISH)
        }
        guard result == Z_STREAM_END else { return nil }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// Inflates the zlib stream `input` into a new buffer of exactly `size` bytes, never writing more: a stream
    /// that would produce more or less is `.inflatedSizeMismatch`, anything zlib refuses (or bytes after the
    /// stream's end) is `.corruptCompressedData`.
    static func inflate(_ input: ByteBufferView, size: Int) throws(WireError) -> ByteBuffer {
        let result =
            input.withContiguousStorageIfAvailable { inflate($0, size: size) }
            ?? Array(input).withUnsafeBufferPointer { inflate($0, size: size) }
        return try result.get()
    }

    private static func inflate(
        _ sourcePointer: UnsafeBufferPointer<UInt8>,
        size: Int
    ) -> Result<ByteBuffer, WireError> {
        enum Outcome {
            case ok, corrupt(String), tooLong, tooShort(Int), trailing(Int)
        }
        var stream = z_stream()
        guard tally_inflateInit2(&stream, 15) == Z_OK else {
            return .failure(WireError(.corruptCompressedData, "zlib could not start inflating"))
        }
        defer { inflateEnd(&stream) }
        let overflow = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        defer { overflow.deallocate() }
        var outcome = Outcome.ok
        var output = ByteBufferAllocator().buffer(capacity: size)
        output.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { target in
            stream.next_in = UnsafeMutablePointer(mutating: sourcePointer.baseAddress)
            stream.avail_in = uInt(sourcePointer.count)
            stream.next_out = target.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? overflow
            stream.avail_out = uInt(size)
            var inOverflow = false
            while true {
                if stream.avail_out == 0, !inOverflow {
                    inOverflow = true
                    stream.next_out = overflow
                    stream.avail_out = 1
                }
                let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                if inOverflow, stream.avail_out == 0 {
                    outcome = .tooLong
                    return 0
                }
                switch result {
                case Z_STREAM_END:
                    let produced = inOverflow ? size : size - Int(stream.avail_out)
                    if produced != size {
                        outcome = .tooShort(produced)
                    } else if stream.avail_in != 0 {
                        outcome = .trailing(Int(stream.avail_in))
                    }
                    return produced
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    outcome = .corrupt("zlib stream ends before its end marker")
                    return 0
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "error \(result)"
                    outcome = .corrupt("zlib: \(detail)")
                    return 0
                }
            }
        }
        switch outcome {
        case .ok:
            return .success(output)
        case .corrupt(let message):
            return .failure(WireError(.corruptCompressedData, message))
        case .tooLong:
            return .failure(WireError(.inflatedSizeMismatch, "payload inflates past its declared \(size) bytes"))
        case .tooShort(let produced):
            return .failure(WireError(.inflatedSizeMismatch, "payload inflates to \(produced) of \(size) bytes"))
        case .trailing(let count):
            return .failure(WireError(.corruptCompressedData, "\(count) bytes after the end of the zlib stream"))
        }
    }
}
