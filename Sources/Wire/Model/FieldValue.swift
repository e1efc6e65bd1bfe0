/// The value of one field of a record.
///
/// Every value type of the product has its own case, so a decimal is never a binary float and a date keeps
/// its precision. `.null` is a cleared (absent) field.
public enum FieldValue: Hashable, Sendable {
    /// No value: the field is absent.
    case null
    /// UTF-8 text.
    case string(String)
    /// A signed 64-bit integer.
    case int(Int64)
    /// An exact decimal such as a vote share `27.99`.
    case decimal(ExactDecimal)
    /// A date of year, month or day precision, or an RFC 3339 timestamp.
    case date(DateValue)
    /// One of a field's fixed set of words, such as `certified`.
    case enumeration(String)
    /// `true` or `false`.
    case bool(Bool)
    /// An ordered list of strings.
    case list([String])

    /// The one-byte tag that names the case on the wire (Protocol.md, "Values").
    public var tag: UInt8 {
        switch self {
        case .null: 0
        case .string: 1
        case .int: 2
        case .decimal: 3
        case .date: 4
        case .enumeration: 5
        case .bool: 6
        case .list: 7
        }
    }
}
