public import NIOCore
public import Wire

/// The header of a bundle file: format version, the replica that made it, its target (if any) and the feed range
/// of each dataset it carries (Protocol.md, "Bundles").
public struct BundleHeader: Hashable, Sendable {
    /// The bundle format version (`BundleFormat.version`).
    public var formatVersion: UInt16
    /// The site id of the replica that made the bundle; its records are applied as coming from this site.
    public var creator: SiteID
    /// The creator's hybrid logical clock when the bundle was made (raw 64-bit value).
    public var createdAt: HLCTimestamp
    /// The replica the bundle was made for (`--since`), whose records it leaves out, or `nil` for anyone.
    public var target: SiteID?
    /// The datasets, sorted by name, each at most once.
    public var datasets: [BundleDatasetRange]

    /// Makes a header.
    public init(
        formatVersion: UInt16 = BundleFormat.version, creator: SiteID, createdAt: HLCTimestamp, target: SiteID?,
        datasets: [BundleDatasetRange]
    ) {
        self.formatVersion = formatVersion
        self.creator = creator
        self.createdAt = createdAt
        self.target = target
        self.datasets = datasets
    }

    /// The payload after `BNDL` and its length: see Protocol.md, "Bundles".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(formatVersion, endianness: .big)
        creator.write(to: &buffer)
        buffer.writeInteger(createdAt.rawValue, endianness: .big)
        if let target {
            buffer.writeInteger(UInt8(1))
            target.write(to: &buffer)
        } else {
            buffer.writeInteger(UInt8(0))
        }
        buffer.writeVarint(UInt64(datasets.count))
        for dataset in datasets { dataset.write(to: &buffer) }
    }

    /// Reads a header payload, strictly: an unknown version, a bad value or trailing bytes throw `WireError`.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> BundleHeader {
        let version: UInt16 = try buffer.readFixed()
        guard BundleFormat.versions.contains(version) else {
            throw WireError(
                .unsupportedVersion,
                "bundle format version \(version); this tally reads versions "
                    + "\(BundleFormat.versions.lowerBound)–\(BundleFormat.versions.upperBound)")
        }
        let creator = try SiteID.read(from: &buffer)
        let clock: UInt64 = try buffer.readFixed()
        let flag: UInt8 = try buffer.readFixed()
        let target: SiteID?
        switch flag {
        case 0: target = nil
        case 1: target = try SiteID.read(from: &buffer)
        default: throw WireError(.invalidValue, "bad presence byte \(flag) for the bundle target")
        }
        let count = try buffer.readCount(limit: 100_000)
        var datasets: [BundleDatasetRange] = []
        for _ in 0..<count { datasets.append(try BundleDatasetRange.read(from: &buffer)) }
        guard buffer.readableBytes == 0 else {
            throw WireError(.malformedPayload, "\(buffer.readableBytes) bytes after the bundle header")
        }
        guard Set(datasets.map(\.name)).count == datasets.count else {
            throw WireError(.invalidValue, "a dataset is listed twice in the bundle header")
        }
        return BundleHeader(
            formatVersion: version, creator: creator, createdAt: HLCTimestamp(rawValue: clock), target: target,
            datasets: datasets
        )
    }
}
