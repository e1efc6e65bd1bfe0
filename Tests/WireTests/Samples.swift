import NIOCore
import Wire

/// Realistic values (facts from the 2024 French legislative election) shared by the golden and frame tests.
enum Samples {
    static let client = SiteID(hex: "3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")!
    static let server = SiteID(hex: "a07e55d1c2b34f6e9d8c7b6a59483726")!
    /// 2024-07-01T08:00:00Z, the morning after round 1.
    static let julyFirst = HLCTimestamp(milliseconds: 1_719_820_800_000, counter: 0)
    /// 2024-07-08T06:00:00Z, the morning after round 2.
    static let julyEighth = HLCTimestamp(milliseconds: 1_720_418_400_000, counter: 2)
    static let electionID = "fr-2024-legislative"
    static let source = "Ministère de l'Intérieur, via Politico Europe"

    static func record(
        _ id: String,
        _ type: RecordType,
        site: SiteID = client,
        clock: HLCTimestamp = julyFirst,
        _ fields: [(String, FieldValue)]
    ) -> RecordState {
        RecordState(
            id: id,
            type: type,
            versionVector: VersionVector([(site, clock)]),
            liveness: [FieldWrite(value: .bool(true), clock: clock, site: site)],
            fields: fields.map { name, value in
                RecordState.Field(name: name, writes: [FieldWrite(value: value, clock: clock, site: site)])
            }
        )
    }

    static func tally(round: Int64, party: String, votes: Int64, share: String, clock: HLCTimestamp) -> RecordState {
        record(
            "fr-2024-leg-r\(round)-fr-\(party)", .tally, clock: clock,
            [
                ("election_id", .string(electionID)),
                ("round", .int(round)),
                ("unit_id", .string("fr")),
                ("selection_id", .string("party-fr-\(party.lowercased())")),
                ("votes", .int(votes)),
                ("share", .decimal(ExactDecimal(share)!)),
                ("status", .enumeration("certified")),
                ("reported_at", .date(DateValue(round == 1 ? "2024-07-01" : "2024-07-08")!)),
                ("sources", .list([source])),
            ])
    }

    /// Round 1, RN: 9,377,297 votes, 29.25%.
    static let rnRoundOne = tally(round: 1, party: "RN", votes: 9_377_297, share: "29.25", clock: julyFirst)

    static let roundOneTurnout = record(
        "fr-2024-leg-r1-fr-turnout", .turnout,
        [
            ("election_id", .string(electionID)),
            ("round", .int(1)),
            ("unit_id", .string("fr")),
            ("registered", .int(49_332_761)),
            ("ballots_cast", .int(32_910_888)),
            ("status", .enumeration("certified")),
            ("reported_at", .date(DateValue("2024-07-01T08:00:00Z")!)),
        ])

    /// The national tallies of both rounds plus round-1 turnout: large enough to be compressed.
    static let nationalResults: [RecordState] = [
        tally(round: 1, party: "RN", votes: 9_377_297, share: "29.25", clock: julyFirst),
        tally(round: 1, party: "UXD", votes: 1_251_210, share: "3.90", clock: julyFirst),
        tally(round: 1, party: "UG", votes: 8_974_566, share: "27.99", clock: julyFirst),
        tally(round: 1, party: "ENS", votes: 6_425_217, share: "20.04", clock: julyFirst),
        tally(round: 1, party: "LR", votes: 2_104_918, share: "6.57", clock: julyFirst),
        tally(round: 2, party: "RN", votes: 8_744_080, share: "32.05", clock: julyEighth),
        tally(round: 2, party: "UG", votes: 7_004_725, share: "25.68", clock: julyEighth),
        tally(round: 2, party: "ENS", votes: 6_313_808, share: "23.14", clock: julyEighth),
        roundOneTurnout,
    ]

    /// 2024-07-09T09:30:00Z: the server's correction of round-2 turnout.
    static let julyNinth = HLCTimestamp(milliseconds: 1_720_517_400_000, counter: 0)

    /// Round-2 turnout as two sites wrote it: the laptop entered it on July 8; the server corrected the ballots
    /// cast on July 9 and, at the same time, marked it provisional while the laptop, not having seen that,
    /// certified it: an open conflict on `status` (two current writes, the server's the winner).
    static let roundTwoTurnout = RecordState(
        id: "fr-2024-leg-r2-fr-turnout", type: .turnout,
        versionVector: VersionVector([(client, julyEighth), (server, julyNinth)]),
        liveness: [FieldWrite(value: .bool(true), clock: julyEighth, site: client)],
        fields: [
            RecordState.Field(
                name: "ballots_cast", writes: [FieldWrite(value: .int(31_009_822), clock: julyNinth, site: server)]),
            RecordState.Field(
                name: "election_id", writes: [FieldWrite(value: .string(electionID), clock: julyEighth, site: client)]),
            RecordState.Field(
                name: "registered", writes: [FieldWrite(value: .int(49_332_766), clock: julyEighth, site: client)]),
            RecordState.Field(name: "round", writes: [FieldWrite(value: .int(2), clock: julyEighth, site: client)]),
            RecordState.Field(
                name: "status",
                writes: [
                    FieldWrite(value: .enumeration("provisional"), clock: julyNinth, site: server),
                    FieldWrite(value: .enumeration("certified"), clock: julyEighth, site: client),
                ]),
            RecordState.Field(
                name: "unit_id", writes: [FieldWrite(value: .string("fr"), clock: julyEighth, site: client)]),
        ]
    )

    static let capabilities = Capabilities(
        maxFrameSize: 16 << 20, maxDecompressedSize: 64 << 20, compression: .zlib, window: 8,
        features: ["reconcile"]
    )

    static let cursorRoundOne = FeedCursor(epoch: 0x5EED_2024_0000_0001, sequence: 5)
    static let cursorRoundTwo = FeedCursor(epoch: 0x5EED_2024_0000_0001, sequence: 9)

    static func digest(_ seed: UInt64) -> Digest128 {
        Digest128(high: seed &* 0x9E37_79B9_7F4A_7C15, low: ~seed &* 0xBF58_476D_1CE4_E5B9)
    }

    /// A digest written as its 32 hex digits.
    static func digest(hex: String) -> Digest128 {
        let bytes = stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        return Digest128(bytes: bytes)!
    }

    /// Fixtures 17 and 18 are a real round: the client holds the 9 records of fixture 11, the server all of them
    /// but fr-2024-leg-r2-fr-UG. The digests and fingerprints are those the code computes (checked against the
    /// replicas by SyncTests' ReconcileFixtureTests, and independently by Fixtures/tools/annotate.py).
    static let fingerprintRoundOne = digest(hex: "517bc92b134a477c6243b08de3a1637a")
    static let fingerprintRoundTwo = digest(hex: "669a30bc48c803eccd7fbf6294cda48c")
    static let digestRoundTwoENS = digest(hex: "3d1a9e0825a748946afd964c695e1477")
    static let digestRoundTwoRN = digest(hex: "3c831223094dcc7e36cdc69b663ca494")

    /// One example of every message, with the fixture file name (without extension) that holds its frame.
    static let fixtures: [(name: String, message: WireMessage)] = [
        (
            "01-hello",
            .hello(
                Hello(
                    minVersion: 1, maxVersion: 1, siteID: client, nodeName: "laptop-paris", capabilities: capabilities,
                    token: "tly_r_7Qm2xK9pL4vN8sW1"
                ))
        ),
        (
            "02-welcome",
            .welcome(
                Welcome(
                    version: 1, siteID: server, nodeName: "tally-server",
                    capabilities: Capabilities(
                        maxFrameSize: 16 << 20, maxDecompressedSize: 64 << 20, compression: .zlib, window: 4,
                        features: ["reconcile"]
                    )
                ))
        ),
        (
            "03-error",
            .error(
                ErrorMessage(
                    code: .forbidden, retryable: false, message: "token may only read dataset fr-2024",
                    dataset: "fr-2024", recordIDs: []
                ))
        ),
        ("04-goodbye", .goodbye(Goodbye(reason: "sync complete"))),
        ("05-ping", .ping(Ping(nonce: 0x0123_4567_89AB_CDEF))),
        ("06-pong", .pong(Pong(nonce: 0x0123_4567_89AB_CDEF))),
        ("07-list-datasets", .listDatasets(ListDatasets())),
        (
            "08-dataset-list",
            .datasetList(
                DatasetList(datasets: [
                    DatasetEntry(
                        name: "fr-2024", kind: .election, epoch: cursorRoundTwo.epoch, sequence: 9, recordCount: 9),
                    DatasetEntry(
                        name: "peskov-2024", kind: .statement, epoch: 0x5EED_0000_0000_0002, sequence: 4, recordCount: 4
                    ),
                ]))
        ),
        ("09-pull-request", .pullRequest(PullRequest(dataset: "fr-2024", cursor: nil, batchSize: 1_000))),
        (
            "10-record-batch",
            .recordBatch(
                RecordBatch(
                    dataset: "fr-2024", batchNumber: 1, records: [rnRoundOne], cursor: cursorRoundOne, isLast: false
                ))
        ),
        (
            "11-record-batch-compressed",
            .recordBatch(
                RecordBatch(
                    dataset: "fr-2024", batchNumber: 2, records: nationalResults, cursor: cursorRoundTwo, isLast: true
                ))
        ),
        (
            "12-batch-ack",
            .batchAck(
                BatchAck(
                    dataset: "fr-2024", batchNumber: 2, cursor: cursorRoundTwo, applied: 8,
                    refusals: [
                        Refusal(
                            recordID: "fr-2024-leg-r1-fr-turnout", code: .invalidRecord,
                            reason: "field ballots_cast: clock too far ahead")
                    ]
                ))
        ),
        (
            "13-push-request",
            .pushRequest(
                PushRequest(
                    dataset: "fr-2024", kind: .election, senderEpoch: cursorRoundTwo.epoch, cursor: cursorRoundOne
                ))
        ),
        (
            "14-push-accepted",
            .pushAccepted(
                PushAccepted(
                    dataset: "fr-2024", created: false, acknowledged: cursorRoundOne
                ))
        ),
        (
            "15-conflict-report",
            .conflictReport(
                ConflictReport(
                    dataset: "fr-2022",
                    entries: [
                        ConflictEntry(
                            recordID: "fr-2022-seats-nupes", field: "seats", winner: .int(131), losers: [.int(137)])
                    ]))
        ),
        ("16-progress", .progress(Progress(dataset: "fr-2024", done: 5, total: 9))),
        (
            "17-reconcile-request",
            .reconcileRequest(
                ReconcileRequest(
                    dataset: "fr-2024",
                    ranges: [
                        ReconcileRange(upperBound: "fr-2024-leg-r2", mode: .fingerprint(fingerprintRoundOne)),
                        ReconcileRange(upperBound: "", mode: .fingerprint(fingerprintRoundTwo)),
                    ]))
        ),
        (
            "18-reconcile-reply",
            .reconcileReply(
                ReconcileReply(
                    dataset: "fr-2024",
                    ranges: [
                        ReconcileRange(upperBound: "fr-2024-leg-r2", mode: .skip),
                        ReconcileRange(
                            upperBound: "",
                            mode: .idList([
                                ReconcileItem(id: "fr-2024-leg-r2-fr-ENS", digest: digestRoundTwoENS),
                                ReconcileItem(id: "fr-2024-leg-r2-fr-RN", digest: digestRoundTwoRN),
                            ])),
                    ]))
        ),
        ("19-reconcile-need", .reconcileNeed(ReconcileNeed(dataset: "fr-2024", ids: ["fr-2024-leg-r2-fr-UG"]))),
        // Catalogue version 2: HELLO and WELCOME end with the sender's wall clock. The laptop's clock (20:00 UTC)
        // is one hour behind the server's (21:00 UTC), well within the 7 days both sides accept.
        (
            "20-hello-v2",
            .hello(
                Hello(
                    minVersion: 1, maxVersion: 2, siteID: client, nodeName: "laptop-paris", capabilities: capabilities,
                    token: "tly_r_7Qm2xK9pL4vN8sW1", wallClock: laptopClock
                ))
        ),
        (
            "21-welcome-v2",
            .welcome(
                Welcome(
                    version: 2, siteID: server, nodeName: "tally-server",
                    capabilities: Capabilities(
                        maxFrameSize: 16 << 20, maxDecompressedSize: 64 << 20, compression: .zlib, window: 4,
                        features: ["reconcile"]
                    ),
                    wallClock: serverClock
                ))
        ),
        // Catalogue version 3: the batch of fixture 11 and round-2 turnout (two sites, a conflict) laid out by
        // column (RECORD_COLUMNS), uncompressed so that its columns can be read in the hex.
        (
            "22-record-columns",
            .recordBatch(
                RecordBatch(
                    dataset: "fr-2024", batchNumber: 2, records: nationalResults + [roundTwoTurnout],
                    cursor: FeedCursor(epoch: cursorRoundTwo.epoch, sequence: 10), isLast: true
                ))
        ),
    ]

    /// 2026-11-01 20:00 UTC: the laptop's wall clock in the version-2 HELLO.
    static let laptopClock: UInt64 = 1_793_563_200_000
    /// 2026-11-01 21:00 UTC: the server's wall clock in the version-2 WELCOME.
    static let serverClock: UInt64 = 1_793_566_800_000
}
