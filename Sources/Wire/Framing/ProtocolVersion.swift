/// The protocol versions this implementation speaks.
public enum ProtocolVersion {
    /// The version this implementation speaks and sends in its preamble and HELLO.
    public static let current: UInt16 = 1
}
