import FuzzSupport
import NIOCore
import Wire

/// Decodes the input as one record state (Protocol.md, "Record encoding"), from exact bytes and from the front of
/// a buffer. What decodes must encode to the same bytes, since the decoder accepts only canonical encodings. A thrown
/// `WireError` is a correct answer; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    if let state = try? RecordState(encodedBytes: bytes) {
        precondition(state.encodedBytes == bytes, "record \(state.id) re-encodes differently")
    }
    var buffer = ByteBuffer(bytes: bytes)
    if let state = try? RecordState.read(from: &buffer) {
        precondition(state.encodedSize == bytes.count - buffer.readableBytes, "record \(state.id): size mismatch")
    }
    return 0
}

/// The entry point SwiftPM links: libFuzzer's driver over `fuzz` (see `FuzzDriver`).
@_cdecl("RecordStateFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
