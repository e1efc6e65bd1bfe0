import BundleFuzzSupport
import Foundation
import FuzzSupport
import Transport

/// Where each input is written: `BundleReader` reads files, as `tally bundle apply` does.
private let bundlePath = NSTemporaryDirectory() + "/tally-fuzz-bundle-\(getpid()).bin"

/// Writes the input to a file and reads it as a bundle: `verify()` (checksum, then structure), then `batches()`,
/// with the default chunk size and with a small one so that frames straddle reads. A thrown error is a correct
/// answer; a crash, trap, sanitizer report or hang is a bug. The SHA-256 trailer check stops most mutations early,
/// so the fuzzer also reads the input with its trailer's checksum recomputed (`BundleInput.variants`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    for bytes in BundleInput.variants(FuzzInput.bytes(data, size)) { read(bytes) }
    return 0
}

private func read(_ bytes: [UInt8]) {
    BundleInput.write(bytes, to: bundlePath)
    // The default chunk and one that splits every frame.
    for chunkSize in [1 << 20, 61] {
        var reader = BundleReader(path: bundlePath)
        reader.chunkSize = chunkSize
        do {
            _ = try reader.verify()
            let batches = try reader.batches()
            while try batches.nextBatch() != nil {}
        } catch {
            continue
        }
    }
}

/// The entry point SwiftPM links: libFuzzer's driver over `fuzz` (see `FuzzDriver`).
@_cdecl("BundleFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
