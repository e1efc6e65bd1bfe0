public import NIOCore

/// `0x03 ERROR`, either direction: a request failed, or the connection is about to close because of a broken rule.
public struct ErrorMessage: WirePayload {
    /// What went wrong.
    public var code: ErrorCode
    /// `true` when the same request may succeed later unchanged (busy, shutting down, timeout).
    public var retryable: Bool
    /// A human sentence.
    public var message: String
    /// The dataset concerned, if any.
    public var dataset: String?
    /// The records concerned, if any (empty: none).
    public var recordIDs: [String]

    /// The most record ids one error may name.
    public static let maximumRecordIDs = 65_536

    /// Makes an error message.
    public init(code: ErrorCode, retryable: Bool, message: String, dataset: String? = nil, recordIDs: [String] = []) {
        self.code = code
        self.retryable = retryable
        self.message = message
        self.dataset = dataset
        self.recordIDs = recordIDs
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue, endianness: .big)
        buffer.writeBool(retryable)
        buffer.writeLengthPrefixedString(message)
        buffer.writeOptionalString(dataset)
        buffer.writeStringList(recordIDs)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ErrorMessage {
        ErrorMessage(
            code: ErrorCode(rawValue: try buffer.readFixed()),
            retryable: try buffer.readBool(),
            message: try buffer.readLengthPrefixedString(),
            dataset: try buffer.readOptionalString(),
            recordIDs: try buffer.readRecordIDList(limit: maximumRecordIDs)
        )
    }
}
