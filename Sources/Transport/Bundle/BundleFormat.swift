public import Wire

/// The constants of a bundle file (Protocol.md, "Bundles"): preamble, `BNDL` header, record batch frames,
/// `BEND` trailer.
public enum BundleFormat {
    /// `BNDL`: starts the header, right after the preamble.
    public static let headerMagic: [UInt8] = [0x42, 0x4E, 0x44, 0x4C]
    /// `BEND`: starts the trailer, the last 52 bytes of the file.
    public static let trailerMagic: [UInt8] = [0x42, 0x45, 0x4E, 0x44]
    /// The bundle format version this implementation writes (unless told to write an older one).
    public static let version: UInt16 = 2
    /// The bundle format versions this implementation reads and can write.
    public static let versions: ClosedRange<UInt16> = 1...version
    /// The first format version whose batches may be `RECORD_COLUMNS` frames (Protocol.md §14); version 1
    /// holds `RECORD_BATCH` frames only.
    public static let recordColumns: UInt16 = 2

    /// The frame layer for the batches of a bundle of format `version`: `RECORD_COLUMNS` when it may hold them.
    public static func frameEncoder(version: UInt16) -> FrameEncoder {
        FrameEncoder(sendsRecordColumns: version >= recordColumns)
    }

    /// The frame layer that reads the batches of a bundle of format `version`.
    public static func frameDecoder(version: UInt16) -> FrameDecoder {
        FrameDecoder(acceptsRecordColumns: version >= recordColumns)
    }
    /// The trailer's size: magic, batch count, record count, SHA-256.
    public static let trailerSize = 4 + 8 + 8 + 32
    /// The largest header accepted, in bytes.
    public static let maxHeaderSize = 1 << 20
    /// Records per record batch frame written by `tally bundle create`.
    public static let batchSize = 1_000
    /// The suggested file name extension.
    public static let fileExtension = "tallybundle"
}
