import CFuzzDriver

/// Starts libFuzzer from a fuzzer's entry point.
///
/// SwiftPM links a Linux executable with `--defsym main=<Target>_main`, a symbol that `-parse-as-library` code does
/// not define, so libFuzzer's own `main` cannot be used: each fuzzer exports `<Target>_main` itself
/// (`@_cdecl("FrameFuzzer_main")`, ...) and calls `run`, which hands the command line to libFuzzer's driver with the
/// fuzzer's `LLVMFuzzerTestOneInput` function.
public enum FuzzDriver {
    /// The type of `LLVMFuzzerTestOneInput`.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer with the process's arguments; returns its exit status.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput
    ) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, test)
    }
}
