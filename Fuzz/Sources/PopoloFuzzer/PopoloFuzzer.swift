import FuzzSupport
import Records

/// Reads the input as a `tally import --format popolo` file (a Popolo
/// document). A thrown `RecordError` is a correct answer; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzRecords.readAll(FuzzInput.bytes(data, size), as: .popolo)
    return 0
}

/// The entry point SwiftPM links: libFuzzer's driver over `fuzz` (see `FuzzDriver`).
@_cdecl("PopoloFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in data.map { fuzz($0, size) } ?? 0 }
}
