/// Reads a whole JSON document with nesting into a `JSONTree`, with the strict rules of the flat readers
/// (RFC 8259 grammar, UTF-8 checked, lone surrogates refused, duplicate keys refused), numbers kept as text,
/// and nesting bounded so that a hostile document cannot exhaust the stack.
enum JSONTreeParser {
    /// The deepest nesting of objects and arrays accepted.
    static let maximumDepth = 64

    /// Parses `bytes`, which must hold exactly one JSON value (whitespace around it allowed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONTree {
        var scanner = JSONScanner(bytes)
        let tree = try value(&scanner, depth: 0)
        guard scanner.isAtEnd else {
            scanner.skipWhitespace()
            throw scanner.failure("unexpected \(scanner.found) after the document")
        }
        return tree
    }

    private static func value(_ scanner: inout JSONScanner, depth: Int) throws(JSONSyntaxError) -> JSONTree {
        scanner.skipWhitespace()
        guard scanner.position < scanner.bytes.count else {
            throw scanner.failure("expected a value, found the end of the input")
        }
        switch scanner.bytes[scanner.position] {
        case UInt8(ascii: "{"):
            guard depth < maximumDepth else { throw scanner.failure("nested deeper than \(maximumDepth) levels") }
            return try object(&scanner, depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < maximumDepth else { throw scanner.failure("nested deeper than \(maximumDepth) levels") }
            return try array(&scanner, depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try scanner.readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try scanner.readNumber().text)
        case UInt8(ascii: "t"):
            try word("true", &scanner)
            return .bool(true)
        case UInt8(ascii: "f"):
            try word("false", &scanner)
            return .bool(false)
        case UInt8(ascii: "n"):
            try word("null", &scanner)
            return .null
        default:
            throw scanner.failure("expected a value, found \(scanner.found)")
        }
    }

    private static func object(_ scanner: inout JSONScanner, depth: Int) throws(JSONSyntaxError) -> JSONTree {
        scanner.position += 1  // {
        scanner.skipWhitespace()
        if scanner.position < scanner.bytes.count, scanner.bytes[scanner.position] == UInt8(ascii: "}") {
            scanner.position += 1
            return .object([])
        }
        var members: [JSONMember] = []
        var keys: Set<String> = []
        while true {
            scanner.skipWhitespace()
            guard scanner.position < scanner.bytes.count else { throw scanner.failure("the object is not closed") }
            guard scanner.bytes[scanner.position] == UInt8(ascii: "\"") else {
                throw scanner.failure("expected a key string, found \(scanner.found)")
            }
            let keyOffset = scanner.position
            let key = try scanner.readString()
            guard keys.insert(key).inserted else {
                throw scanner.failure("duplicate key \(RecordError.quoted(key))", at: keyOffset)
            }
            scanner.skipWhitespace()
            guard scanner.position < scanner.bytes.count, scanner.bytes[scanner.position] == UInt8(ascii: ":") else {
                throw scanner.failure("expected ':' after a key, found \(scanner.found)")
            }
            scanner.position += 1
            members.append(JSONMember(key: key, value: try value(&scanner, depth: depth)))
            scanner.skipWhitespace()
            guard scanner.position < scanner.bytes.count else { throw scanner.failure("the object is not closed") }
            switch scanner.bytes[scanner.position] {
            case UInt8(ascii: ","):
                scanner.position += 1
            case UInt8(ascii: "}"):
                scanner.position += 1
                return .object(members)
            default:
                throw scanner.failure("expected ',' or '}', found \(scanner.found)")
            }
        }
    }

    private static func array(_ scanner: inout JSONScanner, depth: Int) throws(JSONSyntaxError) -> JSONTree {
        scanner.position += 1  // [
        scanner.skipWhitespace()
        if scanner.position < scanner.bytes.count, scanner.bytes[scanner.position] == UInt8(ascii: "]") {
            scanner.position += 1
            return .array([])
        }
        var elements: [JSONTree] = []
        while true {
            elements.append(try value(&scanner, depth: depth))
            scanner.skipWhitespace()
            guard scanner.position < scanner.bytes.count else { throw scanner.failure("the array is not closed") }
            switch scanner.bytes[scanner.position] {
            case UInt8(ascii: ","):
                scanner.position += 1
            case UInt8(ascii: "]"):
                scanner.position += 1
                return .array(elements)
            default:
                throw scanner.failure("expected ',' or ']' in an array, found \(scanner.found)")
            }
        }
    }

    private static func word(_ word: String, _ scanner: inout JSONScanner) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        let start = scanner.position
        guard scanner.bytes.count - start >= expected.count,
            expected.indices.allSatisfy({ scanner.bytes[start + $0] == expected[$0] })
        else { throw scanner.failure("expected a value, found \(scanner.found)") }
        scanner.position += expected.count
    }
}
