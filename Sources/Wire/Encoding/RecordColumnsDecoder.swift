import NIOCore

/// The reading half of `RecordColumns`: a RECORD_COLUMNS payload into the RECORD_BATCH payload it stands for,
/// checking what makes the columns canonical; the records' own rules are `RecordBatch.read`'s.
enum RecordColumnsDecoder {
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
