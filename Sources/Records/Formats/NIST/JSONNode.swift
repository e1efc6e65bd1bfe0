/// A value in a standard-format document together with its path (`Election[0].Contest[1].Name`), so that every
/// error names the place: `NIST report: GpUnit[2].Type: expected a string, got a number`.
struct JSONNode {
    /// The value.
    let value: JSONTree
    /// Where it is, from the document's root (empty for the root).
    let path: String
    /// The document's name for messages (`NIST report`, `Popolo document`).
    let document: String

    /// An error at this place.
    func error(_ code: RecordError.Code, _ message: String) -> RecordError {
        RecordError(code, "\(document): \(path.isEmpty ? "the document" : path): \(message)")
    }

    /// A record's own error (a bad field value, a missing field) located at this place.
    func locate(_ error: RecordError) -> RecordError {
        var located = self.error(error.code, error.description)
        located.line = nil
        return located
    }

    /// The members, checking that the value is an object.
    func members() throws(RecordError) -> [JSONMember] {
        guard case .object(let members) = value else {
            throw error(.wrongType, "expected an object, got \(value.kindName)")
        }
        return members
    }

    /// The member called `key`, or `nil` when it is absent or `null` (or this is not an object).
    func child(_ key: String) -> JSONNode? {
        guard case .object(let members) = value, let member = members.first(where: { $0.key == key }),
            member.value != .null
        else { return nil }
        return JSONNode(value: member.value, path: path.isEmpty ? key : path + "." + key, document: document)
    }

    /// The member called `key`, which must be there.
    func required(_ key: String) throws(RecordError) -> JSONNode {
        guard let node = child(key) else { throw error(.missingField, "\(RecordError.quoted(key)) is missing") }
        return node
    }

    /// The value as a string.
    func string() throws(RecordError) -> String {
        guard case .string(let text) = value else {
            throw error(.wrongType, "expected a string, got \(value.kindName)")
        }
        return text
    }

    /// The value as a whole number within 64 bits (no fraction, no exponent).
    func integer() throws(RecordError) -> Int64 {
        guard case .number(let text) = value else {
            throw error(.wrongType, "expected a whole number, got \(value.kindName)")
        }
        guard let number = Int64(text) else {
            throw error(.wrongType, "expected a whole number, got \(text)")
        }
        return number
    }

    /// The value as an array's elements, each with its path.
    func elements() throws(RecordError) -> [JSONNode] {
        guard case .array(let items) = value else {
            throw error(.wrongType, "expected an array, got \(value.kindName)")
        }
        return items.enumerated().map { index, item in
            JSONNode(value: item, path: "\(path)[\(index)]", document: document)
        }
    }

    /// The elements of the member `key` (none when it is absent).
    func elements(of key: String) throws(RecordError) -> [JSONNode] {
        try child(key)?.elements() ?? []
    }

    /// The member `key` as a string, or `nil` when absent.
    func string(_ key: String) throws(RecordError) -> String? {
        try child(key)?.string()
    }

    /// The member `key` as a list of strings, or `nil` when absent.
    func strings(_ key: String) throws(RecordError) -> [String]? {
        guard let node = child(key) else { return nil }
        var items: [String] = []
        for element in try node.elements() { items.append(try element.string()) }
        return items
    }

    /// Checks that `@type` is one of `expected`, and returns it.
    @discardableResult
    func expectType(_ expected: [String]) throws(RecordError) -> String {
        _ = try members()
        let type = try required("@type").string()
        guard expected.contains(type) else {
            let names = expected.map { RecordError.quoted($0) }.joined(separator: " or ")
            throw error(.invalidValue, "\"@type\" is \(RecordError.quoted(type)); Tally reads \(names) here")
        }
        return type
    }
}
