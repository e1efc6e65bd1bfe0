public import NIOCore

/// The compound encodings that message payloads share (Protocol.md, "Messages"): booleans, optionals, lists,
/// record ids and 16-byte digests.
extension ByteBuffer {
    /// Writes `true` as `01`, `false` as `00`.
    @inlinable
    public mutating func writeBool(_ value: Bool) {
        writeInteger(UInt8(value ? 1 : 0))
    }

    /// Reads a boolean byte; any byte other than `00` or `01` is `.malformedPayload`.
    @inlinable
    public mutating func readBool() throws(WireError) -> Bool {
        let byte: UInt8 = try readFixed()
        guard byte <= 1 else { throw WireError(.malformedPayload, "bool byte \(byte) is neither 0 nor 1") }
        return byte == 1
    }

    /// Reads a presence byte (`00` absent, `01` present); any other byte is `.malformedPayload`.
    @inlinable
    public mutating func readPresence() throws(WireError) -> Bool {
        let byte: UInt8 = try readFixed()
        guard byte <= 1 else { throw WireError(.malformedPayload, "presence byte \(byte) is neither 0 nor 1") }
        return byte == 1
    }

    /// Reads a list count, refusing counts over `limit` or over the bytes left (every item takes at least
    /// one byte), so that no count can make a reader allocate more than the payload's size.
    @inlinable
    public mutating func readListCount(limit: Int) throws(WireError) -> Int {
        let count = try readCount(limit: limit)
        guard count <= readableBytes else {
            throw WireError(.truncated, "list of \(count) items but only \(readableBytes) bytes left")
        }
        return count
    }

    /// Writes an optional string: a presence byte, then the string if present.
    @inlinable
    public mutating func writeOptionalString(_ value: String?) {
        guard let value else {
            writeInteger(UInt8(0))
            return
        }
        writeInteger(UInt8(1))
        writeLengthPrefixedString(value)
    }

    /// Reads an optional string written by `writeOptionalString`.
    @inlinable
    public mutating func readOptionalString() throws(WireError) -> String? {
        try readPresence() ? try readLengthPrefixedString() : nil
    }

    /// Writes a list of strings: a varint count, then each string.
    @inlinable
    public mutating func writeStringList(_ values: [String]) {
        writeVarint(UInt64(values.count))
        for value in values { writeLengthPrefixedString(value) }
    }

    /// Reads a list of strings of at most `limit` items.
    @inlinable
    public mutating func readStringList(limit: Int) throws(WireError) -> [String] {
        let count = try readListCount(limit: limit)
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readLengthPrefixedString()) }
        return values
    }

    /// Reads a string that must be a valid record id (Protocol.md, "Record encoding"); otherwise `.invalidValue`.
    @inlinable
    public mutating func readRecordID() throws(WireError) -> String {
        let id = try readLengthPrefixedString()
        guard RecordID.isValid(id) else { throw WireError(.invalidValue, "\"\(id)\" is not a valid record id") }
        return id
    }

    /// Reads a list of valid record ids of at most `limit` items.
    @inlinable
    public mutating func readRecordIDList(limit: Int) throws(WireError) -> [String] {
        let count = try readListCount(limit: limit)
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readRecordID()) }
        return values
    }

    /// Writes a list of payload values: a varint count, then each value.
    @inlinable
    public mutating func writeList<Element: WirePayload>(_ values: [Element]) {
        writeVarint(UInt64(values.count))
        for value in values { value.write(to: &self) }
    }

    /// Reads a list of payload values of at most `limit` items.
    @inlinable
    public mutating func readList<Element: WirePayload>(
        of _: Element.Type = Element.self,
        limit: Int
    ) throws(WireError) -> [Element] {
        let count = try readListCount(limit: limit)
        var values: [Element] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try Element.read(from: &self)) }
        return values
    }

    /// Writes an optional payload value: a presence byte, then the value if present.
    @inlinable
    public mutating func writeOptional<Value: WirePayload>(_ value: Value?) {
        guard let value else {
            writeInteger(UInt8(0))
            return
        }
        writeInteger(UInt8(1))
        value.write(to: &self)
    }

    /// Reads an optional payload value written by `writeOptional`.
    @inlinable
    public mutating func readOptional<Value: WirePayload>(_: Value.Type = Value.self) throws(WireError) -> Value? {
        try readPresence() ? try Value.read(from: &self) : nil
    }

    /// Reads a dataset kind byte; an unknown kind is `.invalidValue`.
    @inlinable
    public mutating func readDatasetKind() throws(WireError) -> DatasetKind {
        let code: UInt8 = try readFixed()
        guard let kind = DatasetKind(rawValue: code) else {
            throw WireError(.invalidValue, "unknown dataset kind code \(code)")
        }
        return kind
    }
}
