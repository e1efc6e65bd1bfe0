import Crypto
public import Foundation
import Transport

/// A fuzzer's input as bundle files, shared by `BundleFuzzer` and `BundleApplyFuzzer`.
public enum BundleInput {
    /// The input, then (when it is long enough for a trailer and the result differs) the input with its trailer's
    /// SHA-256 recomputed over the rest, so that mutations reach past the checksum, which stops most of them.
    public static func variants(_ bytes: [UInt8]) -> [[UInt8]] {
        let trailerStart = bytes.count - BundleFormat.trailerSize
        guard trailerStart >= 0 else { return [bytes] }
        var resealed = bytes
        resealed.replaceSubrange((bytes.count - 32)..., with: Array(SHA256.hash(data: bytes[..<trailerStart])))
        return resealed == bytes ? [bytes] : [bytes, resealed]
    }

    /// Writes `bytes` to the file at `path` (replacing it): bundles are read from files, as `tally bundle apply`
    /// does. A write that fails stops the fuzzer, since nothing after it would test anything.
    public static func write(_ bytes: [UInt8], to path: String) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("cannot write \(path)")
        }
    }
}
