/// The rules for record ids and field names, shared by every layer.
public enum RecordID {
    /// The longest id, in bytes.
    public static let maximumLength = 128

    /// `true` for 1–128 bytes of `[A-Za-z0-9._:-]`.
    @inlinable
    public static func isValid(_ id: some StringProtocol) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= maximumLength else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// `true` for a snake_case field name: 1–64 bytes of `[a-z0-9_]`, starting with a letter.
    @inlinable
    public static func isValidFieldName(_ name: some StringProtocol) -> Bool {
        let utf8 = name.utf8
        guard let first = utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"), utf8.count <= 64
        else { return false }
        return utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}
