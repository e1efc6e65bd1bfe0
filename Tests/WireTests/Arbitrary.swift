import TestSupport
import Wire

/// Random values for property tests, biased towards edges: empty strings, 128-byte ids, non-ASCII text,
/// Int64.min/max, long decimals, every date precision.
struct Arbitrary {
    var generator: SeededGenerator

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func u64() -> UInt64 { generator.next() }
    mutating func u32() -> UInt32 { UInt32(truncatingIfNeeded: generator.next()) }
    mutating func u16() -> UInt16 { UInt16(truncatingIfNeeded: generator.next()) }
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...(options.count - 1))] }
    mutating func list<T>(_ maximum: Int, _ make: (inout Arbitrary) -> T) -> [T] {
        (0..<int(0...maximum)).map { _ in make(&self) }
    }

    static let texts = [
        "", "a", "Mélenchon", "Пе́сков", "選挙", "🗳️ vote", "line\nbreak", "tab\tand \"quotes\"",
        "Ministère de l'Intérieur", String(repeating: "x", count: 300),
    ]
    static let idCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-")

    mutating func text() -> String {
        if chance(50) { return pick(Arbitrary.texts) }
        let scalars = (0..<int(0...40)).compactMap { _ -> Unicode.Scalar? in
            let ranges = [0x20...0x7E, 0xA0...0x2FF, 0x400...0x4FF, 0x1F300...0x1F5FF]
            return Unicode.Scalar(UInt32(int(pick(ranges))))
        }
        return String(String.UnicodeScalarView(scalars))
    }

    mutating func id() -> String {
        let length = chance(10) ? RecordID.maximumLength : int(1...40)
        return String((0..<length).map { _ in pick(Arbitrary.idCharacters) })
    }

    mutating func sortedUniqueIDs(_ maximum: Int) -> [String] {
        Array(Set(list(maximum) { $0.id() })).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    mutating func fieldName() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let rest = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        return String(pick(letters)) + String((0..<int(0...(chance(5) ? 63 : 12))).map { _ in pick(rest) })
    }

    mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in pick(Array("0123456789")) }) }

    mutating func decimal() -> ExactDecimal {
        let integer = chance(30) ? "0" : String(int(1...9)) + digits(int(0...(chance(10) ? 60 : 6)))
        let fraction = chance(30) ? "" : "." + digits(int(1...(chance(10) ? 60 : 4)))
        return ExactDecimal((chance(30) ? "-" : "") + integer + fraction)!
    }

    mutating func date() -> DateValue {
        let year = String(int(1000...2999))
        let month = String(format2: int(1...12))
        let day = String(format2: int(1...28))
        switch int(1...5) {
        case 1: return DateValue(year)!
        case 2: return DateValue("\(year)-\(month)")!
        case 3: return DateValue("\(year)-\(month)-\(day)")!
        case 4: return DateValue("\(year)-\(month)-\(day)T\(String(format2: int(0...23))):15:00Z")!
        default:
            let fraction = "." + digits(int(1...9))
            return DateValue("\(year)-\(month)-\(day)T08:00:59\(fraction)+\(String(format2: int(0...14))):30")!
        }
    }

    mutating func value() -> FieldValue {
        switch int(0...7) {
        case 0: return .null
        case 1: return .string(text())
        case 2:
            return .int(
                pick([
                    Int64.min, Int64.max, 0, -1, 1, Int64(int(-1_000_000...1_000_000)),
                    Int64(bitPattern: u64()),
                ]))
        case 3: return .decimal(decimal())
        case 4: return .date(date())
        case 5: return .enumeration(pick(["certified", "unofficial-partial", "negative", ""]))
        case 6: return .bool(chance(50))
        default: return .list(list(5) { $0.text() })
        }
    }

    mutating func site() -> SiteID {
        chance(10) ? SiteID(high: 0, low: UInt64(int(0...3))) : SiteID(high: u64(), low: u64())
    }

    mutating func clock() -> HLCTimestamp {
        chance(5) ? HLCTimestamp(rawValue: .max) : HLCTimestamp(rawValue: UInt64(int(1...Int(Int64.max))))
    }

    mutating func record() -> RecordState {
        let sites = list(4) { $0.site() } + [site()]
        var vector = VersionVector()
        for site in sites { vector.observe(site: site, clock: clock()) }
        let entries = vector.entries
        func writes(_ arbitrary: inout Arbitrary, _ maximum: Int, _ value: (inout Arbitrary) -> FieldValue)
            -> [FieldWrite]
        {
            (0..<arbitrary.int(0...maximum)).map { _ in
                let entry = arbitrary.pick(entries)
                let raw = UInt64.random(in: 1...entry.clock.rawValue, using: &arbitrary.generator)
                let clock = HLCTimestamp(rawValue: raw)
                return FieldWrite(value: value(&arbitrary), clock: clock, site: entry.site)
            }
        }
        var names = Set<String>()
        let fields: [RecordState.Field] = (0..<int(0...8)).compactMap { _ in
            let name = fieldName()
            guard names.insert(name).inserted else { return nil }
            return RecordState.Field(name: name, writes: writes(&self, chance(20) ? 4 : 1) { $0.value() })
        }
        return RecordState(
            id: id(),
            type: pick(RecordType.allCases),
            versionVector: vector,
            liveness: writes(&self, 2) { .bool($0.chance(80)) },
            fields: fields
        )
    }

    mutating func cursor() -> FeedCursor { FeedCursor(epoch: u64(), sequence: u64()) }

    mutating func capabilities() -> Capabilities {
        Capabilities(
            maxFrameSize: u32(), maxDecompressedSize: u32(), compression: CompressionSet(rawValue: pick([0, 1])),
            window: u16(), features: list(3) { $0.text() }
        )
    }

    mutating func ranges() -> [ReconcileRange] {
        var bounds = sortedUniqueIDs(4)
        if chance(80) { bounds.append("") }
        var lower = ""
        return bounds.map { bound in
            defer { lower = bound }
            let mode: ReconcileRange.Mode
            switch int(0...2) {
            case 0: mode = .skip
            case 1: mode = .fingerprint(Digest128(high: u64(), low: u64()))
            default:
                let ids = sortedUniqueIDs(4).filter {
                    !$0.utf8.lexicographicallyPrecedes(lower.utf8)
                        && (bound.isEmpty || $0.utf8.lexicographicallyPrecedes(bound.utf8))
                }
                mode = .idList(ids.map { ReconcileItem(id: $0, digest: Digest128(high: u64(), low: u64())) })
            }
            return ReconcileRange(upperBound: bound, mode: mode)
        }
    }

    mutating func message() -> WireMessage {
        switch pick(MessageType.allCases) {
        case .hello:
            let low = u16()
            let high = low + UInt16(int(0...min(3, Int(UInt16.max - low))))
            return .hello(
                Hello(
                    minVersion: low, maxVersion: high,
                    siteID: site(), nodeName: text(), capabilities: capabilities(),
                    token: chance(50) ? text() : nil, wallClock: high >= 2 ? u64() : nil))
        case .welcome:
            let version = u16()
            return .welcome(
                Welcome(
                    version: version, siteID: site(), nodeName: text(), capabilities: capabilities(),
                    wallClock: version >= 2 ? u64() : nil))
        case .error:
            return .error(
                ErrorMessage(
                    code: ErrorCode(rawValue: u16()), retryable: chance(50), message: text(),
                    dataset: chance(50) ? text() : nil, recordIDs: list(3) { $0.id() }))
        case .goodbye: return .goodbye(Goodbye(reason: text()))
        case .ping: return .ping(Ping(nonce: u64()))
        case .pong: return .pong(Pong(nonce: u64()))
        case .listDatasets: return .listDatasets(ListDatasets())
        case .datasetList:
            return .datasetList(
                DatasetList(
                    datasets: list(3) {
                        DatasetEntry(
                            name: $0.text(), kind: $0.pick(DatasetKind.allCases), epoch: $0.u64(), sequence: $0.u64(),
                            recordCount: $0.u64())
                    }))
        case .pullRequest:
            return .pullRequest(PullRequest(dataset: text(), cursor: chance(50) ? cursor() : nil, batchSize: u32()))
        case .recordBatch, .recordColumns:
            // RECORD_COLUMNS is a layout of the same message, chosen by the frame encoder.
            return .recordBatch(
                RecordBatch(
                    dataset: text(), batchNumber: u64(), records: list(4) { $0.record() },
                    cursor: cursor(), isLast: chance(50)))
        case .batchAck:
            return .batchAck(
                BatchAck(
                    dataset: text(), batchNumber: u64(), cursor: cursor(), applied: u32(),
                    refusals: list(3) {
                        Refusal(
                            recordID: $0.id(), code: ErrorCode(rawValue: $0.u16()),
                            reason: $0.text())
                    }))
        case .pushRequest:
            return .pushRequest(
                PushRequest(
                    dataset: text(), kind: pick(DatasetKind.allCases), senderEpoch: u64(),
                    cursor: chance(50) ? cursor() : nil))
        case .pushAccepted:
            let acknowledged = chance(50) ? cursor() : nil
            return .pushAccepted(PushAccepted(dataset: text(), created: chance(50), acknowledged: acknowledged))
        case .conflictReport:
            return .conflictReport(
                ConflictReport(
                    dataset: text(),
                    entries: list(3) {
                        ConflictEntry(
                            recordID: $0.id(), field: $0.chance(10) ? ConflictEntry.livenessField : $0.fieldName(),
                            winner: $0.value(), losers: $0.list(3) { $0.value() })
                    }))
        case .progress: return .progress(Progress(dataset: text(), done: u64(), total: u64()))
        case .reconcileRequest: return .reconcileRequest(ReconcileRequest(dataset: text(), ranges: ranges()))
        case .reconcileReply: return .reconcileReply(ReconcileReply(dataset: text(), ranges: ranges()))
        case .reconcileNeed: return .reconcileNeed(ReconcileNeed(dataset: text(), ids: list(5) { $0.id() }))
        }
    }
}

extension String {
    /// Two decimal digits, zero-padded.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
