import Crypto
import Foundation
import FuzzSupport
import Transport

/// Where each input is written: `BundleReader` reads files, as `tally bundle apply` does.
private let bundlePath = NSTemporaryDirectory() + "/tally-fuzz-bundle-\(getpid()).bin"

/// Writes the input to a file and reads it as a bundle: `verify()` (checksum, then structure), then `forEachBatch`,
/// with the default chunk size and with a small one so that frames straddle reads. A thrown error is a correct
/// answer; a crash, trap, sanitizer report or hang is a bug. The SHA-256 trailer check stops most mutations early,
/// so the fuzzer also reads the input with its trailer's checksum recomputed (the last 32 bytes replaced).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    read(bytes)
    let trailerStart = bytes.count - BundleFormat.trailerSize
    if trailerStart >= 0 {
        var resealed = bytes
        resealed.replaceSubrange((bytes.count - 32)..., with: Array(SHA256.hash(data: bytes[..<trailerStart])))
        if resealed != bytes { read(resealed) }
    }
    return 0
}

private func read(_ bytes: [UInt8]) {
    guard FileManager.default.createFile(atPath: bundlePath, contents: Data(bytes)) else {
        fatalError("cannot write \(bundlePath)")
    }
    // The default chunk and one that splits every frame.
    for chunkSize in [1 << 20, 61] {
        var reader = BundleReader(path: bundlePath)
        reader.chunkSize = chunkSize
        do {
            _ = try reader.verify()
            try reader.forEachBatch { _ in }
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
