/// The constants of a bundle file (Protocol.md, "Bundles"): preamble, `BNDL` header, `RECORD_BATCH` frames,
/// `BEND` trailer.
public enum BundleFormat {
    /// `BNDL`: starts the header, right after the preamble.
    public static let headerMagic: [UInt8] = [0x42, 0x4E, 0x44, 0x4C]
    /// `BEND`: starts the trailer, the last 52 bytes of the file.
    public static let trailerMagic: [UInt8] = [0x42, 0x45, 0x4E, 0x44]
    /// The bundle format version this implementation writes and reads.
    public static let version: UInt16 = 1
    /// The trailer's size: magic, batch count, record count, SHA-256.
    public static let trailerSize = 4 + 8 + 8 + 32
    /// The largest header accepted, in bytes.
    public static let maxHeaderSize = 1 << 20
    /// Records per `RECORD_BATCH` frame written by `tally bundle create`.
    public static let batchSize = 1_000
    /// The suggested file name extension.
    public static let fileExtension = "tallybundle"
}
