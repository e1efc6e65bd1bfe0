import NIOCore

/// The writing half of `RecordColumns`: the records of a batch as their encodings' parts (ranges into the bytes),
/// parsed once, then written by column.
struct RecordColumnsEncoder {
    struct Record {
        var type: UInt8
        var id: Range<Int>
        var entries: Range<Int>
        var registers: Range<Int>
        var top: UInt64
    }
    struct Entry {
        var site: SiteID
        var clock: UInt64
    }
    /// A register: liveness (`name` empty) or a field, and its writes.
    struct Register {
        var name: Range<Int>
        var writes: Range<Int>
    }
    struct Write {
        var siteIndex: UInt64
        var clock: UInt64
        var value: Range<Int>
    }

    var records: [Record] = []
    var entries: [Entry] = []
    var registers: [Register] = []
    var writes: [Write] = []
    /// The site table: every vector's site, once, in the order of first use.
    var sites: [SiteID] = []
    /// The name table, ascending, as ranges of their first occurrence.
    var names: [Range<Int>] = []
    /// The position in `names` of each register's name (-1 for liveness), parallel to `registers`.
    var nameIndexes: [Int] = []
    /// The position in `sites` of each entry's site, parallel to `entries`.
    var siteIndexes: [Int] = []

    init(_ bytes: UnsafeRawBufferPointer, count: Int) throws(WireError) {
        var reader = WireReader(bytes)
        records.reserveCapacity(count)
        var siteTable: [SiteID: Int] = [:]
        var nameTable: [String: Range<Int>] = [:]
        for _ in 0..<count {
            let type = try reader.readByte()
            let id = try reader.readStringRange()
            let entryStart = entries.count
            let entryCount = try reader.readCount(limit: RecordState.Limits.versionVectorEntries)
            var top: UInt64 = 0
            for _ in 0..<entryCount {
                let site = SiteID(high: try reader.readUInt64(), low: try reader.readUInt64())
                let clock = try reader.readUInt64()
                top = max(top, clock)
                entries.append(Entry(site: site, clock: clock))
                if let index = siteTable[site] {
                    siteIndexes.append(index)
                } else {
                    siteTable[site] = sites.count
                    siteIndexes.append(sites.count)
                    sites.append(site)
                }
            }
            let registerStart = registers.count
            try readRegister(&reader, name: 0..<0)
            let fieldCount = try reader.readCount(limit: RecordState.Limits.fields)
            for _ in 0..<fieldCount {
                let name = try reader.readStringRange()
                let text = try reader.string(name)
                if nameTable[text] == nil { nameTable[text] = name }
                try readRegister(&reader, name: name)
            }
            records.append(
                Record(
                    type: type, id: id, entries: entryStart..<entries.count, registers: registerStart..<registers.count,
                    top: top
                )
            )
        }
        guard reader.remaining == 0 else {
            throw WireError(.malformedPayload, "\(reader.remaining) bytes after the last of \(count) records")
        }
        let sorted = nameTable.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        names = sorted.map(\.value)
        var position: [String: Int] = [:]
        for (index, entry) in sorted.enumerated() { position[entry.key] = index }
        nameIndexes.reserveCapacity(registers.count)
        for register in registers {
            if register.name.isEmpty {
                nameIndexes.append(-1)
            } else {
                nameIndexes.append(position[try reader.string(register.name)] ?? -1)
            }
        }
    }

    private mutating func readRegister(_ reader: inout WireReader, name: Range<Int>) throws(WireError) {
        let start = writes.count
        let count = try reader.readCount(limit: RecordState.Limits.writesPerField)
        for _ in 0..<count {
            let siteIndex = try reader.readVarint()
            let clock = try reader.readUInt64()
            let value = try ValueSpan.skip(&reader)
            writes.append(Write(siteIndex: siteIndex, clock: clock, value: value))
        }
        registers.append(Register(name: name, writes: start..<writes.count))
    }

    /// Appends the RECORD_COLUMNS payload (Protocol.md §10.19).
    func write(from bytes: UnsafeRawBufferPointer, batch: EncodedRecordBatch, to buffer: inout ByteBuffer) {
        func writeRange(_ range: Range<Int>, to buffer: inout ByteBuffer) {
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
        buffer.writeLengthPrefixedString(batch.dataset)
        buffer.writeInteger(batch.batchNumber, endianness: .big)
        buffer.writeVarint(UInt64(records.count))
        buffer.writeVarint(UInt64(sites.count))
        for site in sites {
            buffer.writeInteger(site.high, endianness: .big)
            buffer.writeInteger(site.low, endianness: .big)
        }
        buffer.writeVarint(UInt64(names.count))
        for name in names {
            buffer.writeVarint(UInt64(name.count))
            writeRange(name, to: &buffer)
        }
        // Values go to one column per register name (liveness first), written after every head.
        var columns = [ByteBuffer](repeating: ByteBuffer(), count: names.count + 1)
        var previousID: Range<Int> = 0..<0
        var previousTop: UInt64 = 0
        for record in records {
            buffer.writeInteger(record.type)
            let shared = ValueSpan.commonPrefix(bytes, previousID, record.id)
            buffer.writeVarint(UInt64(shared))
            buffer.writeVarint(UInt64(record.id.count - shared))
            writeRange(record.id.lowerBound + shared..<record.id.upperBound, to: &buffer)
            previousID = record.id
            buffer.writeZigZag(Int64(bitPattern: record.top &- previousTop))
            previousTop = record.top
            buffer.writeVarint(UInt64(record.entries.count))
            for index in record.entries {
                buffer.writeVarint(UInt64(siteIndexes[index]))
                buffer.writeVarint(record.top - entries[index].clock)
            }
            // Each write's clock is told from the one before it in the record (the first from the top clock):
            // the fields an edit did not touch share one clock, so most of these are 0.
            var previousClock = record.top
            for index in record.registers {
                let register = registers[index]
                let column = nameIndexes[index] + 1
                if column > 0 {
                    // The field count precedes the first field.
                    if index == record.registers.lowerBound + 1 {
                        buffer.writeVarint(UInt64(record.registers.count - 1))
                    }
                    buffer.writeVarint(UInt64(column - 1))
                }
                buffer.writeVarint(UInt64(register.writes.count))
                for write in writes[register.writes] {
                    buffer.writeVarint(write.siteIndex)
                    buffer.writeZigZag(Int64(bitPattern: previousClock &- write.clock))
                    previousClock = write.clock
                    writeRange(write.value, to: &columns[column])
                }
            }
            if record.registers.count == 1 { buffer.writeVarint(0) }
        }
        for column in columns { buffer.writeImmutableBuffer(column) }
        batch.cursor.write(to: &buffer)
        buffer.writeBool(batch.isLast)
    }
}
