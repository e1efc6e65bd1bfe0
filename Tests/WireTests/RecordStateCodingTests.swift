import NIOCore
import Testing
import Wire

@Suite struct RecordStateCodingTests {
    @Test func roundTripsARecord() throws {
        let a = SiteID(high: 1, low: 2)
        let b = SiteID(high: 3, low: 4)
        let t1 = HLCTimestamp(milliseconds: 1_720_000_000_000, counter: 0)
        let t2 = HLCTimestamp(milliseconds: 1_720_000_000_001, counter: 3)
        let state = RecordState(
            id: "t-0000-RN",
            type: .tally,
            versionVector: VersionVector([(a, t1), (b, t2)]),
            liveness: [FieldWrite(value: .bool(true), clock: t1, site: a)],
            fields: [
                .init(
                    name: "votes",
                    writes: [
                        FieldWrite(value: .int(5), clock: t1, site: a), FieldWrite(value: .int(6), clock: t2, site: b),
                    ]),
                .init(name: "share", writes: [FieldWrite(value: .decimal(ExactDecimal("27.99")!), clock: t1, site: a)]),
            ]
        )
        let decoded = try RecordState(encodedBytes: state.encodedBytes)
        #expect(decoded == state)
        #expect(decoded.value(of: "votes") == .int(6))
        #expect(decoded.hasConflicts)
    }

    static let a = SiteID(high: 1, low: 2)
    static let b = SiteID(high: 3, low: 4)
    static let t1 = HLCTimestamp(milliseconds: 1_720_000_000_000, counter: 0)
    static let t2 = HLCTimestamp(milliseconds: 1_720_000_000_001, counter: 3)

    /// Hand-built record bytes: type, id, a vector of (a, t2), liveness `true` by a at t1, then `fields`.
    static func bytes(
        type: UInt8 = 4,
        id: String = "r1",
        vector: [(SiteID, HLCTimestamp)] = [(a, t2)],
        fields: (inout ByteBuffer) -> Void = { $0.writeVarint(0) }
    ) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(type)
        buffer.writeLengthPrefixedString(id)
        buffer.writeVarint(UInt64(vector.count))
        for (site, clock) in vector {
            site.write(to: &buffer)
            buffer.writeInteger(clock.rawValue, endianness: .big)
        }
        buffer.writeVarint(1)
        buffer.writeVarint(0)
        buffer.writeInteger(t1.rawValue, endianness: .big)
        FieldValue.bool(true).write(to: &buffer)
        fields(&buffer)
        return Array(buffer.readableBytesView)
    }

    static func oneField(_ name: String, _ value: FieldValue, clock: HLCTimestamp = t1) -> (inout ByteBuffer) -> Void {
        { buffer in
            buffer.writeVarint(1)
            buffer.writeLengthPrefixedString(name)
            buffer.writeVarint(1)
            buffer.writeVarint(0)
            buffer.writeInteger(clock.rawValue, endianness: .big)
            value.write(to: &buffer)
        }
    }

    static func code(_ bytes: [UInt8]) -> WireError.Code? {
        do {
            _ = try RecordState(encodedBytes: bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func handBuiltBytesDecodeAndEveryValueKindRoundTrips() throws {
        let values: [FieldValue] = [
            .null, .string(""), .string("Пе́сков 🗳️"), .int(.min), .int(.max), .int(0),
            .decimal(ExactDecimal("-123456789012345678901234567890.000000000000000000001")!),
            .date(DateValue("2024")!), .date(DateValue("2024-07")!), .date(DateValue("2024-02-29")!),
            .date(DateValue("2024-07-08T10:15:00.5+02:00")!), .enumeration("certified"), .bool(false),
            .list([]), .list(["", "a", "é"]),
        ]
        for value in values {
            let bytes = Self.bytes(fields: Self.oneField("votes", value))
            let record = try RecordState(encodedBytes: bytes)
            #expect(record.value(of: "votes") == value)
            #expect(record.encodedBytes == bytes)
        }
    }

    @Test func tombstonesAndLongestIDsRoundTrip() throws {
        let id = String(repeating: "a", count: RecordID.maximumLength)
        let state = RecordState(
            id: id, type: .statement, versionVector: VersionVector([(Self.a, Self.t1), (Self.b, Self.t2)]),
            liveness: [
                FieldWrite(value: .bool(true), clock: Self.t1, site: Self.a),
                FieldWrite(value: .bool(false), clock: Self.t2, site: Self.b),
            ],
            fields: []
        )
        let decoded = try RecordState(encodedBytes: state.encodedBytes)
        #expect(decoded == state)
        // A tombstone concurrent with a live write leaves the record live (edit wins).
        #expect(!decoded.isDeleted)
        #expect(Self.code(Self.bytes(id: id + "a")) == .invalidValue)
    }

    @Test func nonCanonicalRecordsAreRefused() {
        // Sites out of order, repeated, or with a zero clock.
        #expect(Self.code(Self.bytes(vector: [(Self.b, Self.t2), (Self.a, Self.t2)])) == .malformedPayload)
        #expect(Self.code(Self.bytes(vector: [(Self.a, Self.t2), (Self.a, Self.t2)])) == .malformedPayload)
        #expect(Self.code(Self.bytes(vector: [(Self.a, .zero)])) == .malformedPayload)
        // Field names out of order.
        #expect(
            Self.code(
                Self.bytes(fields: { buffer in
                    buffer.writeVarint(2)
                    for name in ["votes", "share"] {
                        buffer.writeLengthPrefixedString(name)
                        buffer.writeVarint(0)
                    }
                })) == .malformedPayload)
        // Writes not winner first.
        #expect(
            Self.code(
                Self.bytes(
                    vector: [(Self.a, Self.t2), (Self.b, Self.t2)],
                    fields: { buffer in
                        buffer.writeVarint(1)
                        buffer.writeLengthPrefixedString("votes")
                        buffer.writeVarint(2)
                        for (index, clock) in [(0, Self.t1), (1, Self.t2)] {
                            buffer.writeVarint(UInt64(index))
                            buffer.writeInteger(clock.rawValue, endianness: .big)
                            FieldValue.int(1).write(to: &buffer)
                        }
                    })) == .malformedPayload)
        // A write newer than the vector, a site index out of range.
        let later = HLCTimestamp(rawValue: Self.t2.rawValue + 1)
        #expect(Self.code(Self.bytes(fields: Self.oneField("votes", .int(1), clock: later))) == .malformedPayload)
        #expect(
            Self.code(
                Self.bytes(fields: { buffer in
                    buffer.writeVarint(1)
                    buffer.writeLengthPrefixedString("votes")
                    buffer.writeVarint(1)
                    buffer.writeVarint(5)
                    buffer.writeInteger(Self.t1.rawValue, endianness: .big)
                    FieldValue.int(1).write(to: &buffer)
                })) == .malformedPayload)
    }

    @Test func invalidValuesAndTagsAreRefused() {
        #expect(Self.code(Self.bytes(type: 0)) == .invalidValue)
        #expect(Self.code(Self.bytes(type: 8)) == .invalidValue)
        #expect(Self.code(Self.bytes(id: "")) == .invalidValue)
        #expect(Self.code(Self.bytes(id: "has space")) == .invalidValue)
        #expect(Self.code(Self.bytes(fields: Self.oneField("Votes", .int(1)))) == .invalidValue)
        func raw(_ valueBytes: [UInt8]) -> [UInt8] {
            Self.bytes(fields: { buffer in
                buffer.writeVarint(1)
                buffer.writeLengthPrefixedString("votes")
                buffer.writeVarint(1)
                buffer.writeVarint(0)
                buffer.writeInteger(Self.t1.rawValue, endianness: .big)
                buffer.writeBytes(valueBytes)
            })
        }
        #expect(Self.code(raw([3, 3, 0x30, 0x31, 0x32])) == .invalidValue)  // decimal "012" is not canonical
        #expect(Self.code(raw([3, 2, 0x2D, 0x30])) == .invalidValue)  // "-0"
        #expect(Self.code(raw([3, 3, 0x31, 0x65, 0x35])) == .invalidValue)  // "1e5"
        #expect(Self.code(raw([4, 1, 7] + Array("2024-07".utf8))) == .invalidValue)  // precision says year
        #expect(Self.code(raw([4, 3, 10] + Array("2023-02-29".utf8))) == .invalidValue)
        #expect(Self.code(raw([6, 2])) == .malformedPayload)
        #expect(Self.code(raw([8])) == .malformedPayload)
        #expect(Self.code(raw([1, 2, 0xC3, 0x28])) == .malformedPayload)
        #expect(Self.code(raw([2, 0x80])) == .truncated)
        #expect(Self.code(Self.bytes() + [0]) == .malformedPayload)
    }
}
