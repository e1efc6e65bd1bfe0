public import NIOCore

/// `0x25 CONFLICT_REPORT`, either direction: open conflicts that a batch created or touched, for the user to see.
/// Informational: the conflicts themselves travel inside the record states.
public struct ConflictReport: WirePayload {
    /// The dataset.
    public var dataset: String
    /// The conflicts.
    public var entries: [ConflictEntry]

    /// The most entries one report may hold.
    public static let maximumEntryCount = 1 << 20

    /// Makes a report.
    public init(dataset: String, entries: [ConflictEntry]) {
        self.dataset = dataset
        self.entries = entries
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(dataset)
        buffer.writeList(entries)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ConflictReport {
        ConflictReport(
            dataset: try buffer.readLengthPrefixedString(),
            entries: try buffer.readList(limit: maximumEntryCount)
        )
    }
}
