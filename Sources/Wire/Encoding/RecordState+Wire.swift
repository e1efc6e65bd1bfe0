public import NIOCore

extension RecordState: WirePayload {
    /// Limits a decoder enforces on one record (Protocol.md, "Record encoding").
    public enum Limits {
        /// Most sites in one version vector.
        public static let versionVectorEntries = 4_096
        /// Most fields in one record.
        public static let fields = 256
        /// Most concurrent writes of one field (or of liveness).
        public static let writesPerField = 1_024
    }

    /// Writes the record in the encoding of Protocol.md, "Record encoding". Every write's site must appear in
    /// the version vector (a record always covers its own current writes); a write whose site does not is
    /// a programming error.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(type.rawValue)
        buffer.writeLengthPrefixedString(id)
        let entries = versionVector.entries
        buffer.writeVarint(UInt64(entries.count))
        for entry in entries {
            entry.site.write(to: &buffer)
            buffer.writeInteger(entry.clock.rawValue, endianness: .big)
        }
        func writeWrites(_ writes: [FieldWrite]) {
            buffer.writeVarint(UInt64(writes.count))
            for write in writes {
                guard let index = versionVector.index(of: write.site) else {
                    preconditionFailure("record \(id): write by \(write.site) not in its version vector")
                }
                buffer.writeVarint(UInt64(index))
                buffer.writeInteger(write.clock.rawValue, endianness: .big)
                write.value.write(to: &buffer)
            }
        }
        writeWrites(liveness)
        buffer.writeVarint(UInt64(fields.count))
        for field in fields {
            buffer.writeLengthPrefixedString(field.name)
            writeWrites(field.writes)
        }
    }

    /// The record's encoding as bytes.
    public var encodedBytes: [UInt8] {
        var buffer = ByteBuffer()
        write(to: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// Reads one record. Refuses anything that is not canonical, so that equal states have equal bytes:
    /// version-vector sites strictly ascending with non-zero clocks, field names strictly ascending and valid,
    /// writes strictly winner-first, each write covered by the vector, a valid id and type.
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> RecordState {
        let typeCode: UInt8 = try buffer.readFixed()
        guard let type = RecordType(rawValue: typeCode) else {
            throw WireError(.invalidValue, "unknown record type code \(typeCode)")
        }
        let id = try buffer.readLengthPrefixedString()
        guard RecordID.isValid(id) else { throw WireError(.invalidValue, "record id \"\(id)\" is not a valid id") }
        let siteCount = try buffer.readCount(limit: Limits.versionVectorEntries)
        var sites: [SiteID] = []
        var clocks: [HLCTimestamp] = []
        sites.reserveCapacity(siteCount)
        clocks.reserveCapacity(siteCount)
        for _ in 0..<siteCount {
            let site = try SiteID.read(from: &buffer)
            let clock = HLCTimestamp(rawValue: try buffer.readFixed())
            if let last = sites.last, !(last < site) {
                throw WireError(.malformedPayload, "record \(id): version vector sites not strictly ascending")
            }
            guard clock > .zero else { throw WireError(.malformedPayload, "record \(id): zero clock in vector") }
            sites.append(site)
            clocks.append(clock)
        }
        func readWrites() throws(WireError) -> [FieldWrite] {
            let count = try buffer.readCount(limit: Limits.writesPerField)
            var writes: [FieldWrite] = []
            writes.reserveCapacity(count)
            for _ in 0..<count {
                let index = try buffer.readVarint()
                guard index < UInt64(sites.count) else {
                    throw WireError(.malformedPayload, "record \(id): site index \(index) out of range")
                }
                let clock = HLCTimestamp(rawValue: try buffer.readFixed())
                guard clock <= clocks[Int(index)] else {
                    throw WireError(.malformedPayload, "record \(id): write newer than its version vector")
                }
                let write = FieldWrite(value: try FieldValue.read(from: &buffer), clock: clock, site: sites[Int(index)])
                if let previous = writes.last, !previous.beats(write) {
                    throw WireError(.malformedPayload, "record \(id): writes not in winner-first order")
                }
                writes.append(write)
            }
            return writes
        }
        let liveness = try readWrites()
        let fieldCount = try buffer.readCount(limit: Limits.fields)
        var fields: [Field] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            let name = try buffer.readLengthPrefixedString()
            guard RecordID.isValidFieldName(name) else {
                throw WireError(.invalidValue, "record \(id): field name \"\(name)\" is not snake_case")
            }
            if let previous = fields.last, !(previous.name < name) {
                throw WireError(.malformedPayload, "record \(id): field names not strictly ascending")
            }
            fields.append(Field(name: name, writes: try readWrites()))
        }
        var vector = VersionVector()
        for (site, clock) in zip(sites, clocks) { vector.observe(site: site, clock: clock) }
        return RecordState(id: id, type: type, versionVector: vector, liveness: liveness, fields: fields)
    }

    /// Decodes one record from exactly `bytes`; bytes left over are `.malformedPayload`.
    public init(encodedBytes bytes: some Collection<UInt8>) throws(WireError) {
        var buffer = ByteBuffer(bytes: bytes)
        self = try RecordState.read(from: &buffer)
        guard buffer.readableBytes == 0 else {
            throw WireError(.malformedPayload, "record \(self.id): \(buffer.readableBytes) bytes left over")
        }
    }
}
