/// The message-catalogue versions this implementation speaks (Protocol.md §9).
public enum ProtocolVersion {
    /// The highest version this implementation speaks: what a client offers as its `maxVersion`.
    public static let current: UInt16 = 3
    /// Every version this implementation speaks, as a client offers them in HELLO and a server accepts them.
    public static let supported: ClosedRange<UInt16> = 1...current
    /// The first version whose HELLO and WELCOME end with the sender's wall clock (Protocol.md §10.1, §10.2).
    public static let wallClocks: UInt16 = 2
    /// The first version in which record batches may travel as `RECORD_COLUMNS` (Protocol.md §10.19).
    public static let recordColumns: UInt16 = 3

    /// The range to offer a server that answered a HELLO offering `offered` with `ERROR protocolViolation`, or
    /// `nil` when there is none: a version-1 server, strict, refuses the version-2 layout of HELLO (its clock is
    /// bytes left over) and reads the HELLO of a range below `wallClocks` (Protocol.md §9).
    public static func fallback(from offered: ClosedRange<UInt16>) -> ClosedRange<UInt16>? {
        guard offered.upperBound >= wallClocks, offered.lowerBound < wallClocks else { return nil }
        return offered.lowerBound...(wallClocks - 1)
    }
}
