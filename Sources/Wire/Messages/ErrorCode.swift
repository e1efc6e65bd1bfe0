/// The code of an `ErrorMessage` or of a `Refusal` (Protocol.md, "Error codes"). Unknown codes are kept as
/// they are, so a peer can report a code this implementation does not know.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code on the wire (UInt16, big-endian).
    public var rawValue: UInt16

    /// Wraps a raw code.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The request does not make sense (a bad argument, a message out of place that the sender can fix).
    public static let badRequest = ErrorCode(rawValue: 1)
    /// No token, or a token the server does not know.
    public static let unauthorized = ErrorCode(rawValue: 2)
    /// The token does not allow this on this dataset.
    public static let forbidden = ErrorCode(rawValue: 3)
    /// The dataset (or record) does not exist.
    public static let notFound = ErrorCode(rawValue: 4)
    /// A limit was broken: frame size, decompressed size, batch size, connections, ids in one message.
    public static let limitExceeded = ErrorCode(rawValue: 5)
    /// A record does not validate (bad value, wrong type for the dataset kind).
    public static let invalidRecord = ErrorCode(rawValue: 6)
    /// No protocol version in common.
    public static let unsupportedVersion = ErrorCode(rawValue: 7)
    /// The bytes or the message order break the protocol (bad frame, CRC, unknown message type, ...).
    public static let protocolViolation = ErrorCode(rawValue: 8)
    /// The peer failed for a reason of its own.
    public static let `internal` = ErrorCode(rawValue: 9)
    /// The peer is shutting down; try again later.
    public static let shuttingDown = ErrorCode(rawValue: 10)
    /// The cursor names an epoch the sender no longer has: reconcile instead.
    public static let staleCursor = ErrorCode(rawValue: 11)
    /// The peer is overloaded; try again later.
    public static let busy = ErrorCode(rawValue: 12)
    /// A handshake or an idle peer took too long.
    public static let timeout = ErrorCode(rawValue: 13)
    /// The dataset exists with another kind than the one pushed.
    public static let kindMismatch = ErrorCode(rawValue: 14)
    /// The two peers' wall clocks are further apart than the refusing side allows (Protocol.md §5): set the clock
    /// that is wrong and retry.
    public static let clockSkew = ErrorCode(rawValue: 15)

    /// Every code this implementation knows, in code order.
    public static let known: [ErrorCode] = [
        .badRequest, .unauthorized, .forbidden, .notFound, .limitExceeded, .invalidRecord, .unsupportedVersion,
        .protocolViolation, .internal, .shuttingDown, .staleCursor, .busy, .timeout, .kindMismatch, .clockSkew,
    ]

    /// The code's name as in Protocol.md, or `code-N` for an unknown one.
    public var name: String {
        switch rawValue {
        case 1: "badRequest"
        case 2: "unauthorized"
        case 3: "forbidden"
        case 4: "notFound"
        case 5: "limitExceeded"
        case 6: "invalidRecord"
        case 7: "unsupportedVersion"
        case 8: "protocolViolation"
        case 9: "internal"
        case 10: "shuttingDown"
        case 11: "staleCursor"
        case 12: "busy"
        case 13: "timeout"
        case 14: "kindMismatch"
        case 15: "clockSkew"
        default: "code-\(rawValue)"
        }
    }

    /// The code's name, as Protocol.md spells it.
    public var description: String { name }
}
