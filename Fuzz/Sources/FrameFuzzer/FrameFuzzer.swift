import FuzzSupport
import NIOCore
import Wire

/// Feeds the input to `FrameDecoder` as a stream, whole and then in two pieces split at its first byte's value, as a
/// connection receives it. A thrown `WireError` is a correct answer; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    // Small limits as well as the defaults, so the limit checks themselves are reached.
    for decoder in [FrameDecoder(), FrameDecoder(maxFrameSize: 4096, maxDecompressedSize: 8192)] {
        _ = try? decoder.frames(in: ByteBuffer(bytes: bytes))
        var stream = ByteBuffer()
        let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        for piece in [bytes[..<split], bytes[split...]] {
            stream.writeBytes(piece)
            do {
                while try decoder.decodeFrame(from: &stream) != nil {}
            } catch {
                break
            }
        }
    }
    return 0
}

/// The entry point SwiftPM links: libFuzzer's driver over `fuzz` (see `FuzzDriver`).
@_cdecl("FrameFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
