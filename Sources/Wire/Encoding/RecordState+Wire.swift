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
        // Writes site indexes; resolving them once serves the measuring and the writing.
        let indexes = siteIndexes()
        let size = encodedSize(indexes: indexes)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { memory in
            var writer = WireWriter(UnsafeMutableRawBufferPointer(rebasing: memory[..<size]))
            write(to: &writer, indexes: indexes)
            precondition(writer.offset == size, "record \(id): encoding size mismatch")
            return size
        }
    }

    /// The number of bytes `write(to:)` writes, without writing them (to cut batches to a frame size).
    public var encodedSize: Int { encodedSize(indexes: siteIndexes()) }

    /// The version-vector position of every write's site: liveness first, then each field's, in order.
    private func siteIndexes() -> [Int] {
        var indexes: [Int] = []
        indexes.reserveCapacity(liveness.count + fields.count)
        func resolve(_ writes: [FieldWrite]) {
            for write in writes {
                guard let index = versionVector.index(of: write.site) else {
                    preconditionFailure("record \(id): write by \(write.site) not in its version vector")
                }
                indexes.append(index)
            }
        }
        resolve(liveness)
        for field in fields { resolve(field.writes) }
        return indexes
    }

    /// The number of bytes `write(to:)` writes, given the site index of every write in order.
    private func encodedSize(indexes: [Int]) -> Int {
        let entries = versionVector.entries
        var size = 1 + WireWriter.size(ofString: id) + WireWriter.size(ofVarint: UInt64(entries.count))
        size += entries.count * 24
        var next = 0
        func measure(_ writes: [FieldWrite]) {
            size += WireWriter.size(ofVarint: UInt64(writes.count))
            for write in writes {
                size += WireWriter.size(ofVarint: UInt64(indexes[next])) + 8 + write.value.encodedSize
                next += 1
            }
        }
        measure(liveness)
        size += WireWriter.size(ofVarint: UInt64(fields.count))
        for field in fields {
            size += WireWriter.size(ofString: field.name)
            measure(field.writes)
        }
        return size
    }

    /// Writes the encoding into memory measured by `encodedSize(indexes:)`.
    private func write(to writer: inout WireWriter, indexes: [Int]) {
        writer.writeByte(type.rawValue)
        writer.writeString(id)
        let entries = versionVector.entries
        writer.writeVarint(UInt64(entries.count))
        for entry in entries {
            writer.writeUInt64(entry.site.high)
            writer.writeUInt64(entry.site.low)
            writer.writeUInt64(entry.clock.rawValue)
        }
        var next = 0
        func writeWrites(_ writes: [FieldWrite]) {
            writer.writeVarint(UInt64(writes.count))
            for write in writes {
                writer.writeVarint(UInt64(indexes[next]))
                next += 1
                writer.writeUInt64(write.clock.rawValue)
                write.value.write(to: &writer)
            }
        }
        writeWrites(liveness)
        writer.writeVarint(UInt64(fields.count))
        for field in fields {
            writer.writeString(field.name)
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
        let result: Result<(RecordState, Int), WireError> = buffer.withUnsafeReadableBytes { bytes in
            var reader = WireReader(bytes)
            do throws(WireError) {
                let state = try RecordState.read(from: &reader)
                return .success((state, reader.offset))
            } catch {
                return .failure(error)
            }
        }
        let (state, consumed) = try result.get()
        buffer.moveReaderIndex(forwardBy: consumed)
        return state
    }

    /// Reads one record from `reader` (the decoder of `read(from:)`, on contiguous bytes).
    static func read(from reader: inout WireReader) throws(WireError) -> RecordState {
        let typeCode = try reader.readByte()
        guard let type = RecordType(rawValue: typeCode) else {
            throw WireError(.invalidValue, "unknown record type code \(typeCode)")
        }
        let idRange = try reader.readStringRange()
        let id = try reader.string(idRange)
        guard RecordID.isValid(id) else { throw WireError(.invalidValue, "record id \"\(id)\" is not a valid id") }
        let siteCount = try reader.readCount(limit: Limits.versionVectorEntries)
        var entries: [VersionVector.Entry] = []
        entries.reserveCapacity(siteCount)
        for _ in 0..<siteCount {
            let site = SiteID(high: try reader.readUInt64(), low: try reader.readUInt64())
            let clock = HLCTimestamp(rawValue: try reader.readUInt64())
            if let last = entries.last, !(last.site < site) {
                throw WireError(.malformedPayload, "record \(id): version vector sites not strictly ascending")
            }
            guard clock > .zero else { throw WireError(.malformedPayload, "record \(id): zero clock in vector") }
            entries.append(VersionVector.Entry(site: site, clock: clock))
        }
        func readWrites() throws(WireError) -> [FieldWrite] {
            let count = try reader.readCount(limit: Limits.writesPerField)
            var writes: [FieldWrite] = []
            writes.reserveCapacity(count)
            for _ in 0..<count {
                let index = try reader.readVarint()
                guard index < UInt64(entries.count) else {
                    throw WireError(.malformedPayload, "record \(id): site index \(index) out of range")
                }
                let entry = entries[Int(index)]
                let clock = HLCTimestamp(rawValue: try reader.readUInt64())
                guard clock <= entry.clock else {
                    throw WireError(.malformedPayload, "record \(id): write newer than its version vector")
                }
                let write = FieldWrite(value: try FieldValue.read(from: &reader), clock: clock, site: entry.site)
                if let previous = writes.last, !previous.beats(write) {
                    throw WireError(.malformedPayload, "record \(id): writes not in winner-first order")
                }
                writes.append(write)
            }
            return writes
        }
        let liveness = try readWrites()
        let fieldCount = try reader.readCount(limit: Limits.fields)
        var fields: [Field] = []
        fields.reserveCapacity(fieldCount)
        var previousName: Range<Int>?
        for _ in 0..<fieldCount {
            let nameRange = try reader.readStringRange()
            let name = try reader.string(nameRange)
            guard RecordID.isValidFieldName(name) else {
                throw WireError(.invalidValue, "record \(id): field name \"\(name)\" is not snake_case")
            }
            // Valid names are ASCII, where byte order is string order.
            if let previousName, !reader.bytesPrecede(previousName, nameRange) {
                throw WireError(.malformedPayload, "record \(id): field names not strictly ascending")
            }
            previousName = nameRange
            fields.append(Field(canonicalName: name, writes: try readWrites()))
        }
        return RecordState(
            canonicalID: id, type: type, versionVector: VersionVector(canonicalEntries: entries), liveness: liveness,
            fields: fields
        )
    }

    /// Decodes one record from exactly `bytes`; bytes left over are `.malformedPayload`.
    public init(encodedBytes bytes: some Collection<UInt8>) throws(WireError) {
        let decoded: Result<RecordState, WireError>? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(WireError) {
                return .success(try RecordState(encodedBytes: UnsafeRawBufferPointer(buffer)))
            } catch {
                return .failure(error)
            }
        }
        if let decoded {
            self = try decoded.get()
        } else {
            let copied: Result<RecordState, WireError> = Array(bytes).withUnsafeBytes { raw in
                do throws(WireError) {
                    return .success(try RecordState(encodedBytes: raw))
                } catch {
                    return .failure(error)
                }
            }
            self = try copied.get()
        }
    }

    /// Decodes one record from exactly the bytes `bytes` points to; bytes left over are `.malformedPayload`.
    public init(encodedBytes bytes: UnsafeRawBufferPointer) throws(WireError) {
        var reader = WireReader(bytes)
        self = try RecordState.read(from: &reader)
        guard reader.remaining == 0 else {
            throw WireError(.malformedPayload, "record \(self.id): \(reader.remaining) bytes left over")
        }
    }
}
