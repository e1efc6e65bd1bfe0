/// The bytes libFuzzer hands to `LLVMFuzzerTestOneInput`, as a Swift value.
public enum FuzzInput {
    /// Copies `size` bytes at `data` into an array (libFuzzer's buffer is only valid during the call).
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }
}
