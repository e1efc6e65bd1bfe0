public import NIOCore

/// `0x27 RECORD_COLUMNS` (catalogue version 3 on, Protocol.md §10.19): a `RECORD_BATCH` whose records are laid
/// out by column so that zlib finds what repeats. Each record's vector clocks are written below its highest clock
/// and each write's clock from the write before it (most are 0), its vector's sites as positions in one table per
/// batch, field names as positions in one sorted table, ids as what they add to the previous id, and the values
/// of each field of all records together.
///
/// It is a transform of the `RECORD_BATCH` bytes, exact both ways: the reader rebuilds the `RECORD_BATCH` form and
/// reads it with `RecordBatch.read(from:)`, so a record passes the same checks whichever form it came in, and this
/// layout adds only the checks that make it canonical (one encoding per batch).
public enum RecordColumns {
    /// The most entries of the batch's site table.
    public static let maximumSites = 1 << 20
    /// The most entries of the batch's field-name table.
    public static let maximumNames = 1 << 16

    /// The payload of `message` in this layout when it is a record batch and the layout is the smaller, else
    /// `nil` (a sender then sends the message as it is; Protocol.md §10.19).
    public static func payload(of message: WireMessage) throws(WireError) -> ByteBuffer? {
        switch message {
        case .recordBatch(let batch):
            return try payload(
                of: EncodedRecordBatch(
                    dataset: batch.dataset, batchNumber: batch.batchNumber, records: EncodedRecords(batch.records),
                    cursor: batch.cursor, isLast: batch.isLast))
        case .encodedRecordBatch(let batch):
            return try payload(of: batch)
        default:
            return nil
        }
    }

    /// The payload of `batch` in this layout, or `nil` when it would not be smaller than its `RECORD_BATCH`
    /// payload (a sender then sends that; Protocol.md §10.19).
    public static func payload(of batch: EncodedRecordBatch) throws(WireError) -> ByteBuffer? {
        var buffer = ByteBuffer()
        try write(batch, to: &buffer)
        return buffer.readableBytes < batch.payloadSize ? buffer : nil
    }

    /// Appends the payload of `batch` in this layout. Throws when the records are not canonical encodings.
    public static func write(_ batch: EncodedRecordBatch, to buffer: inout ByteBuffer) throws(WireError) {
        let records = batch.records
        let parsed: Result<ParsedRecords, WireError> = records.bytes.withUnsafeReadableBytes { raw in
            do throws(WireError) {
                return .success(try ParsedRecords(raw, count: records.count))
            } catch {
                return .failure(error)
            }
        }
        let table = try parsed.get()
        records.bytes.withUnsafeReadableBytes { raw in
            table.write(from: raw, batch: batch, to: &buffer)
        }
    }

    /// Reads a payload of this layout as the batch it stands for; strict (see `WirePayload`). `expandedLimit` is
    /// the largest `RECORD_BATCH` form accepted: the receiver's `maxDecompressedSize`, which a sender's batch
    /// keeps to in either form.
    public static func read(
        from buffer: inout ByteBuffer, expandedLimit: Int = Int(Capabilities.defaults.maxDecompressedSize)
    ) throws(WireError) -> RecordBatch {
        let result: Result<(ByteBuffer, Int), WireError> = buffer.withUnsafeReadableBytes { raw in
            var reader = WireReader(raw)
            do throws(WireError) {
                let expanded = try ColumnReader.expand(&reader, limit: expandedLimit)
                return .success((expanded, reader.offset))
            } catch {
                return .failure(error)
            }
        }
        let (expanded, consumed) = try result.get()
        buffer.moveReaderIndex(forwardBy: consumed)
        var form = expanded
        let batch = try RecordBatch.read(from: &form)
        guard form.readableBytes == 0 else {
            throw WireError(.malformedPayload, "RECORD_COLUMNS records end before their count")
        }
        return batch
    }
}

// MARK: - Writing

/// The records of a batch as their encodings' parts (ranges into the bytes), parsed once for writing the columns.
private struct ParsedRecords {
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

// MARK: - Reading

/// Reads a RECORD_COLUMNS payload into the RECORD_BATCH payload it stands for, checking what makes the columns
/// canonical; the records' own rules are `RecordBatch.read`'s.
private enum ColumnReader {
    struct Record {
        var type: UInt8
        var id: Range<Int>
        var entries: Range<Int>
        var registers: Range<Int>
    }
    struct Entry {
        var site: Int
        var clock: UInt64
    }
    struct Register {
        /// -1 for liveness, else the name's position in the table.
        var name: Int
        var writes: Range<Int>
    }
    struct Write {
        var siteIndex: UInt64
        var clock: UInt64
    }

    static func expand(_ reader: inout WireReader, limit: Int) throws(WireError) -> ByteBuffer {
        let dataset = try reader.readStringRange()
        let batchNumber = try reader.readUInt64()
        let count = try listCount(&reader, limit: RecordBatch.maximumRecordCount)
        let siteCount = try listCount(&reader, limit: RecordColumns.maximumSites)
        guard siteCount * 16 <= reader.remaining else {
            throw WireError(.truncated, "a table of \(siteCount) sites but only \(reader.remaining) bytes left")
        }
        var sites: [SiteID] = []
        sites.reserveCapacity(siteCount)
        var seenSites: Set<SiteID> = []
        for _ in 0..<siteCount {
            let site = SiteID(high: try reader.readUInt64(), low: try reader.readUInt64())
            guard seenSites.insert(site).inserted else {
                throw WireError(.malformedPayload, "RECORD_COLUMNS site \(site) twice in the table")
            }
            sites.append(site)
        }
        let nameCount = try listCount(&reader, limit: RecordColumns.maximumNames)
        var names: [Range<Int>] = []
        names.reserveCapacity(nameCount)
        for _ in 0..<nameCount {
            let name = try reader.readStringRange()
            if let last = names.last, !reader.bytesPrecede(last, name) {
                throw WireError(.malformedPayload, "RECORD_COLUMNS field names not strictly ascending")
            }
            names.append(name)
        }
        var nameUsed = [Bool](repeating: false, count: nameCount)
        // Values per column, liveness first: how many each holds.
        var columnCounts = [Int](repeating: 0, count: nameCount + 1)

        var records: [Record] = []
        records.reserveCapacity(count)
        var ids: [UInt8] = []
        var entries: [Entry] = []
        var registers: [Register] = []
        var writes: [Write] = []
        var usedSites = 0
        var previousID: Range<Int> = 0..<0
        var previousTop: UInt64 = 0
        for _ in 0..<count {
            let type = try reader.readByte()
            let shared = try reader.readVarint()
            guard shared <= UInt64(previousID.count) else {
                throw WireError(.malformedPayload, "RECORD_COLUMNS id shares \(shared) bytes of a shorter id")
            }
            let rest = try reader.readStringRange()
            let shares = Int(shared)
            if shares < previousID.count, let first = rest.first,
                reader.bytes[first] == ids[previousID.lowerBound + shares]
            {
                throw WireError(.malformedPayload, "RECORD_COLUMNS id shares more than its shared prefix says")
            }
            let idStart = ids.count
            ids.append(contentsOf: ids[previousID.lowerBound..<previousID.lowerBound + shares])
            ids.append(contentsOf: UnsafeRawBufferPointer(rebasing: reader.bytes[rest]))
            let id = idStart..<ids.count
            previousID = id
            let top = previousTop &+ UInt64(bitPattern: try reader.readZigZag())
            previousTop = top

            let entryStart = entries.count
            let entryCount = try reader.readCount(limit: RecordState.Limits.versionVectorEntries)
            var sawTop = false
            for _ in 0..<entryCount {
                let site = try reader.readVarint()
                guard site <= UInt64(usedSites), site < UInt64(siteCount) else {
                    throw WireError(.malformedPayload, "RECORD_COLUMNS site \(site) out of the table's order of use")
                }
                if site == UInt64(usedSites) { usedSites += 1 }
                let below = try reader.readVarint()
                guard below < top else {
                    throw WireError(.malformedPayload, "RECORD_COLUMNS vector clock \(below) below a top of \(top)")
                }
                if below == 0 { sawTop = true }
                entries.append(Entry(site: Int(site), clock: top - below))
            }
            guard sawTop || (entryCount == 0 && top == 0) else {
                throw WireError(.malformedPayload, "RECORD_COLUMNS record's top clock is not its vector's highest")
            }

            let registerStart = registers.count
            // Each write's clock is told from the one before it in the record (the first from the top clock).
            var previousClock = top
            func readRegister(name: Int) throws(WireError) {
                let start = writes.count
                let writeCount = try reader.readCount(limit: RecordState.Limits.writesPerField)
                for _ in 0..<writeCount {
                    let siteIndex = try reader.readVarint()
                    let clock = previousClock &- UInt64(bitPattern: try reader.readZigZag())
                    previousClock = clock
                    writes.append(Write(siteIndex: siteIndex, clock: clock))
                }
                columnCounts[name + 1] += writeCount
                registers.append(Register(name: name, writes: start..<writes.count))
            }
            try readRegister(name: -1)
            let fieldCount = try reader.readCount(limit: RecordState.Limits.fields)
            for _ in 0..<fieldCount {
                let name = try reader.readVarint()
                guard name < UInt64(nameCount) else {
                    throw WireError(.malformedPayload, "RECORD_COLUMNS field name \(name) out of the table")
                }
                nameUsed[Int(name)] = true
                try readRegister(name: Int(name))
            }
            records.append(
                Record(
                    type: type, id: id, entries: entryStart..<entries.count,
                    registers: registerStart..<registers.count)
            )
        }
        guard usedSites == siteCount else {
            throw WireError(.malformedPayload, "RECORD_COLUMNS site table holds \(siteCount - usedSites) unused sites")
        }
        guard !nameUsed.contains(false) else {
            throw WireError(.malformedPayload, "RECORD_COLUMNS name table holds an unused name")
        }

        // The values, column by column; `valueStarts[c]` is where column c's begin in `values`.
        var values: [Range<Int>] = []
        values.reserveCapacity(writes.count)
        var valueStarts: [Int] = []
        valueStarts.reserveCapacity(columnCounts.count)
        for columnCount in columnCounts {
            valueStarts.append(values.count)
            for _ in 0..<columnCount { values.append(try ValueSpan.skip(&reader)) }
        }

        // The RECORD_BATCH form.
        var form = ByteBuffer()
        form.reserveCapacity(min(limit, reader.bytes.count * 3))
        form.writeVarint(UInt64(dataset.count))
        form.writeBytes(UnsafeRawBufferPointer(rebasing: reader.bytes[dataset]))
        form.writeInteger(batchNumber, endianness: .big)
        form.writeVarint(UInt64(count))
        var next = valueStarts
        for record in records {
            form.writeInteger(record.type)
            form.writeVarint(UInt64(record.id.count))
            form.writeBytes(ids[record.id])
            form.writeVarint(UInt64(record.entries.count))
            for entry in entries[record.entries] {
                let site = sites[entry.site]
                form.writeInteger(site.high, endianness: .big)
                form.writeInteger(site.low, endianness: .big)
                form.writeInteger(entry.clock, endianness: .big)
            }
            for index in record.registers {
                let register = registers[index]
                if register.name >= 0 {
                    if index == record.registers.lowerBound + 1 {
                        form.writeVarint(UInt64(record.registers.count - 1))
                    }
                    let name = names[register.name]
                    form.writeVarint(UInt64(name.count))
                    form.writeBytes(UnsafeRawBufferPointer(rebasing: reader.bytes[name]))
                }
                form.writeVarint(UInt64(register.writes.count))
                let column = register.name + 1
                for write in writes[register.writes] {
                    form.writeVarint(write.siteIndex)
                    form.writeInteger(write.clock, endianness: .big)
                    form.writeBytes(UnsafeRawBufferPointer(rebasing: reader.bytes[values[next[column]]]))
                    next[column] += 1
                }
            }
            if record.registers.count == 1 { form.writeVarint(0) }
            // The cursor and isLast are still to come.
            guard form.readableBytes + FeedCursor.encodedSize + 1 <= limit else {
                throw WireError(
                    .malformedPayload, "RECORD_COLUMNS records expand beyond the \(limit)-byte payload limit")
            }
        }
        // The cursor and isLast follow the values as they are.
        let tail = reader.offset
        _ = try reader.readUInt64()
        _ = try reader.readUInt64()
        _ = try reader.readByte()
        form.writeBytes(UnsafeRawBufferPointer(rebasing: reader.bytes[tail..<reader.offset]))
        return form
    }

    /// A list count: at most `limit`, and at most the bytes left (each item takes one at least).
    private static func listCount(_ reader: inout WireReader, limit: Int) throws(WireError) -> Int {
        let count = try reader.readCount(limit: limit)
        guard count <= reader.remaining else {
            throw WireError(.truncated, "list of \(count) items but only \(reader.remaining) bytes left")
        }
        return count
    }
}

/// Byte-range helpers shared by both directions.
enum ValueSpan {
    /// Skips one value (Protocol.md §3), checking its tag and lengths only, and returns its bytes' range. Its
    /// content is checked where the records are read.
    static func skip(_ reader: inout WireReader) throws(WireError) -> Range<Int> {
        let start = reader.offset
        let tag = try reader.readByte()
        switch tag {
        case 0:
            break
        case 1, 3, 5:
            _ = try reader.readStringRange()
        case 2:
            _ = try reader.readVarint()
        case 4:
            _ = try reader.readByte()
            _ = try reader.readStringRange()
        case 6:
            _ = try reader.readByte()
        case 7:
            let count = try reader.readCount(limit: FieldValue.maximumListCount)
            for _ in 0..<count { _ = try reader.readStringRange() }
        default:
            throw WireError(.malformedPayload, "unknown value tag \(tag)")
        }
        return start..<reader.offset
    }

    /// How many bytes `left` and `right` share at their start.
    static func commonPrefix(_ bytes: UnsafeRawBufferPointer, _ left: Range<Int>, _ right: Range<Int>) -> Int {
        let common = min(left.count, right.count)
        var index = 0
        while index < common, bytes[left.lowerBound + index] == bytes[right.lowerBound + index] { index += 1 }
        return index
    }
}
