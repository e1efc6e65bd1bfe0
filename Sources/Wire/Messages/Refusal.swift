public import NIOCore

/// One record of a batch that the receiver did not apply, and why (in a `BatchAck`).
public struct Refusal: WirePayload {
    /// The refused record's id.
    public var recordID: String
    /// Why, as an error code (`invalidRecord`, `forbidden`, ...).
    public var code: ErrorCode
    /// A human sentence naming the field if there is one.
    public var reason: String

    /// Makes a refusal.
    public init(recordID: String, code: ErrorCode, reason: String) {
        self.recordID = recordID
        self.code = code
        self.reason = reason
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(recordID)
        buffer.writeInteger(code.rawValue, endianness: .big)
        buffer.writeLengthPrefixedString(reason)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Refusal {
        Refusal(
            recordID: try buffer.readRecordID(),
            code: ErrorCode(rawValue: try buffer.readFixed()),
            reason: try buffer.readLengthPrefixedString()
        )
    }
}
