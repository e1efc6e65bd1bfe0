import Wire

/// The value type of a field, with the shape its values must have.
///
/// Each kind stores one `FieldValue` case: text, identifier, country code and language tag are `.string`;
/// the integer kind is `.int`; the list kinds are `.list`.
public enum FieldKind: Hashable, Sendable {
    /// Any UTF-8 text.
    case text
    /// A record id (a reference such as `election_id`): 1–128 bytes of `[A-Za-z0-9._:-]`.
    case identifier
    /// ISO 3166-1 alpha-2 country code: two uppercase ASCII letters, such as `FR`.
    case countryCode
    /// A BCP 47 language tag such as `en` or `fr-FR`: 2–8 letters, then `-` subtags of 1–8 letters or digits.
    case languageTag
    /// A signed 64-bit integer no lower than `minimum` (when given).
    case integer(minimum: Int64?)
    /// An exact decimal number, such as a vote share `27.99`.
    case decimal
    /// A date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 timestamp.
    case date
    /// One of a fixed set of words.
    case enumeration([String])
    /// `true` or `false`.
    case boolean
    /// A non-empty list of texts.
    case textList
    /// A non-empty list of record ids.
    case identifierList
    /// A non-empty list of ISO 3166-1 alpha-2 country codes.
    case countryList
    /// A non-empty list of dates (such as the dates of an election's rounds).
    case dateList

    /// A short name of the kind for messages: `int`, `decimal`, `list of strings`...
    public var name: String {
        switch self {
        case .text: "string"
        case .identifier: "id"
        case .countryCode: "country code"
        case .languageTag: "language tag"
        case .integer(let minimum): minimum == 0 ? "non-negative int" : minimum == 1 ? "positive int" : "int"
        case .decimal: "decimal"
        case .date: "date"
        case .enumeration: "enum"
        case .boolean: "bool"
        case .textList: "list of strings"
        case .identifierList: "list of ids"
        case .countryList: "list of country codes"
        case .dateList: "list of dates"
        }
    }

    /// The `FieldValue.tag` of the values this kind holds.
    public var valueTag: UInt8 {
        switch self {
        case .text, .identifier, .countryCode, .languageTag: FieldValue.string("").tag
        case .integer: FieldValue.int(0).tag
        case .decimal: FieldValue.decimal(ExactDecimal("0")!).tag
        case .date: FieldValue.date(DateValue("2000")!).tag
        case .enumeration: FieldValue.enumeration("").tag
        case .boolean: FieldValue.bool(false).tag
        case .textList, .identifierList, .countryList, .dateList: FieldValue.list([]).tag
        }
    }

    /// `true` for the list kinds.
    public var isList: Bool {
        switch self {
        case .textList, .identifierList, .countryList, .dateList: true
        default: false
        }
    }
}
