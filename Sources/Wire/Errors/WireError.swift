/// Every way bytes can fail to be valid Tally protocol. Match on `code`; new codes may be added.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. Each code is documented in Protocol.md, "Errors".
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case truncated
            case frameTooLarge
            case declaredSizeTooLarge
            case checksumMismatch
            case corruptCompressedData
            case inflatedSizeMismatch
            case unknownFrameType
            case unknownFlags
            case badMagic
            case unsupportedVersion
            case malformedPayload
            case invalidValue
            case malformedFrame
            case frameTooLargeToSend
            case compressionNotAgreed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input ended inside a frame, preamble or field.
        public static let truncated = Code(.truncated)
        /// A frame's length prefix is over the negotiated maximum.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// A frame declares an uncompressed size over the maximum.
        public static let declaredSizeTooLarge = Code(.declaredSizeTooLarge)
        /// The CRC-32 of the payload is not the one in the header.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// zlib could not inflate the payload.
        public static let corruptCompressedData = Code(.corruptCompressedData)
        /// The payload inflated to a size other than the declared one.
        public static let inflatedSizeMismatch = Code(.inflatedSizeMismatch)
        /// A frame type this implementation does not know.
        public static let unknownFrameType = Code(.unknownFrameType)
        /// A flag bit this implementation does not know.
        public static let unknownFlags = Code(.unknownFlags)
        /// The connection did not start with the Tally magic.
        public static let badMagic = Code(.badMagic)
        /// The peer speaks no protocol version this implementation speaks.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A payload's fields do not parse (bad tag, bad UTF-8, overlong varint, bytes left over, ...).
        public static let malformedPayload = Code(.malformedPayload)
        /// A value parses but is not valid (a decimal or date that does not validate, an empty id, ...).
        public static let invalidValue = Code(.invalidValue)
        /// A frame header contradicts itself: a length prefix shorter than the header, or an uncompressed
        /// payload whose length is not its declared size.
        public static let malformedFrame = Code(.malformedFrame)
        /// A message to send does not fit the limits the peer agreed to (raised by the encoder, never sent).
        public static let frameTooLargeToSend = Code(.frameTooLargeToSend)
        /// A compressed frame arrived on a connection that did not agree to that compression (or before WELCOME).
        public static let compressionNotAgreed = Code(.compressionNotAgreed)

        /// The code's name, as in Protocol.md.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence with the detail.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `CODE: MESSAGE`.
    public var description: String { "\(code): \(message)" }
}
