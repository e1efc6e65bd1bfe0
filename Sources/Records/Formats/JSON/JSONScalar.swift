/// One value of a flat JSON object as the strict reader saw it.
enum JSONScalar {
    /// A string, unescaped.
    case string(String)
    /// A number, kept as its text so decimals never go through a binary float.
    case number(JSONNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array of strings (the only arrays Tally reads).
    case strings([String])

    /// The JSON type's name for messages.
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a bool"
        case .null: "null"
        case .strings: "a list"
        }
    }
}

/// A JSON number: its exact text and what the grammar found in it.
struct JSONNumber {
    /// The number exactly as written.
    var text: String
    /// Its value when it is an integer (no fraction, no exponent) that fits in 64 bits.
    var integer: Int64?
    /// `true` when it has a fraction part.
    var hasFraction: Bool
    /// `true` when it has an exponent part.
    var hasExponent: Bool
}
