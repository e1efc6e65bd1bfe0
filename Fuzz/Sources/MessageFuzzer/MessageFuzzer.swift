import FuzzSupport
import NIOCore
import Wire

/// Decodes the input as a stream of frames and each frame's payload as its message, with the pipeline's
/// `WireMessageDecoder` of a version-3 connection (`RECORD_COLUMNS` accepted); then, so that every message type is
/// reached whatever the frame layer says, the input after its first byte as the payload of the message type that
/// byte names. A thrown `WireError` is a correct answer; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    var decoder = WireMessageDecoder(frameDecoder: FrameDecoder(acceptsRecordColumns: true))
    var stream = ByteBuffer(bytes: bytes)
    do {
        while try decoder.decode(buffer: &stream) != nil {}
        _ = try decoder.decodeLast(buffer: &stream, seenEOF: true)
    } catch {}
    if let type = bytes.first {
        if let message = try? WireMessage.decode(type: type, payload: ByteBuffer(bytes: bytes.dropFirst())) {
            // What decodes must encode again to the same bytes (decoding is strict and canonical), in the layout
            // it came in: a RECORD_COLUMNS payload decodes to a record batch, laid out by column again.
            var payload = message.payload
            if type == MessageType.recordColumns.rawValue, case .recordBatch(let batch) = message {
                payload = ByteBuffer()
                let encoded = EncodedRecordBatch(
                    dataset: batch.dataset, batchNumber: batch.batchNumber, records: EncodedRecords(batch.records),
                    cursor: batch.cursor, isLast: batch.isLast)
                do { try RecordColumns.write(encoded, to: &payload) } catch { preconditionFailure("\(error)") }
            }
            precondition(payload == ByteBuffer(bytes: bytes.dropFirst()), "\(message.type.name) re-encodes differently")
        }
    }
    return 0
}

/// The entry point SwiftPM links: libFuzzer's driver over `fuzz` (see `FuzzDriver`).
@_cdecl("MessageFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
