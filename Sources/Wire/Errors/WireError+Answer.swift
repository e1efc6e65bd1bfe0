extension WireError.Code {
    /// The `ERROR` code a receiver sends before closing when it finds this in a peer's bytes (Protocol.md §12.2),
    /// or `nil` when it sends nothing: the stream ended (`truncated`), the peer does not speak Tally (`badMagic`)
    /// or not this frame layer (`unsupportedVersion` in the preamble: both preambles are out, so each side knows
    /// the other's version), or the error is local (`frameTooLargeToSend`).
    public var answer: ErrorCode? {
        switch self {
        case .truncated, .badMagic, .unsupportedVersion, .frameTooLargeToSend: nil
        case .frameTooLarge, .declaredSizeTooLarge: .limitExceeded
        default: .protocolViolation
        }
    }
}
