/// What a bundle holds, as read from its header and trailer.
public struct BundleSummary: Hashable, Sendable {
    /// The header.
    public var header: BundleHeader
    /// The trailer.
    public var trailer: BundleTrailer
    /// The file's size in bytes.
    public var fileSize: UInt64

    /// Makes a summary.
    public init(header: BundleHeader, trailer: BundleTrailer, fileSize: UInt64) {
        self.header = header
        self.trailer = trailer
        self.fileSize = fileSize
    }
}
