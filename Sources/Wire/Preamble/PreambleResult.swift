/// What `PreambleDecoder` makes of the first bytes of a stream.
public enum PreambleResult: Hashable, Sendable {
    /// Fewer than 6 bytes so far and none of them wrong: wait.
    case needMoreData
    /// A good preamble of a supported version; its 6 bytes were consumed.
    case ok(version: UInt16)
    /// The stream does not start with `TALY` (known as soon as one byte differs).
    case badMagic
    /// A Tally stream of a version this side does not speak.
    case unsupportedVersion(UInt16)
}
