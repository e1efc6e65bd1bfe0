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
                .init(name: "votes", writes: [
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
}
