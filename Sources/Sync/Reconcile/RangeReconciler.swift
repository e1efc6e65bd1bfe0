import Store
public import Wire

/// Range-based set reconciliation over `(record id, digest)` pairs (Protocol.md §11.4), without I/O.
///
/// The initiator (the client) opens with `openingRanges`, then feeds every reply to `step` and sends what it
/// returns until the step is settled; the responder (the server) answers every request with `step`. Every
/// difference ends up in the initiator's `need` (the peer has an id this side lacks, or another state of it)
/// or `have` (this side has an id the peer lacks, or another state of it); a changed state is in both.
///
/// The algorithm is stateless between messages: each message describes the whole id space.
public struct RangeReconciler: Sendable {
    /// Which side of the exchange.
    public enum Role: Sendable {
        /// The side that opens and must learn every difference (the client).
        case initiator
        /// The side that answers (the server).
        case responder
    }

    /// This side's role.
    public let role: Role
    /// The thresholds.
    public let configuration: ReconcileConfiguration

    /// Makes a reconciler.
    public init(role: Role, configuration: ReconcileConfiguration = ReconcileConfiguration()) {
        self.role = role
        self.configuration = configuration
    }

    /// The opening message's ranges: the whole id space, as one id list for a small set, else split into
    /// about `count / initialRangeSize` fingerprinted ranges.
    public func openingRanges(_ source: some ReconcileItemSource) async throws -> [ReconcileRange] {
        let summary = try await source.summary(of: .all)
        var builder = Builder(limit: configuration.maximumMessageBytes)
        if summary.count <= configuration.idListThreshold {
            builder.append(ReconcileRange(upperBound: "", mode: .idList(try await source.items(in: .all))))
        } else {
            let parts = min(
                configuration.maximumInitialRanges,
                max(configuration.fanout, summary.count / max(1, configuration.initialRangeSize))
            )
            try await split(.all, count: summary.count, into: parts, source: source, builder: &builder)
        }
        return builder.ranges
    }

    /// Answers one incoming message.
    public func step(_ incoming: [ReconcileRange], source: some ReconcileItemSource) async throws -> ReconcileStep {
        var builder = Builder(limit: configuration.maximumMessageBytes)
        var have: [String] = []
        var need: [String] = []
        var lower = ""
        var answered = false
        for range in incoming {
            let span = IDRange(lower: lower, upper: range.upperBound)
            lower = range.upperBound
            if answered && builder.isFull {
                // Over budget: the rest of the id space goes back as one fingerprint, for a later round.
                let rest = try await source.summary(of: IDRange(lower: span.lower, upper: ""))
                builder.append(ReconcileRange(upperBound: "", mode: .fingerprint(rest.fingerprint)))
                break
            }
            switch range.mode {
            case .skip:
                builder.append(ReconcileRange(upperBound: span.upper, mode: .skip))
            case .fingerprint(let theirs):
                answered = true
                let mine = try await source.summary(of: span)
                if mine.fingerprint == theirs {
                    builder.append(ReconcileRange(upperBound: span.upper, mode: .skip))
                } else if mine.count <= configuration.idListThreshold {
                    builder.append(
                        ReconcileRange(upperBound: span.upper, mode: .idList(try await source.items(in: span))))
                } else {
                    try await split(
                        span, count: mine.count, into: configuration.fanout, source: source, builder: &builder)
                }
            case .idList(let theirs):
                answered = true
                let mine = try await source.items(in: span)
                let (mineOnly, theirsOnly) = Self.difference(mine, theirs)
                switch role {
                case .initiator:
                    have += mineOnly
                    need += theirsOnly
                    builder.append(ReconcileRange(upperBound: span.upper, mode: .skip))
                case .responder:
                    if mineOnly.isEmpty && theirsOnly.isEmpty {
                        builder.append(ReconcileRange(upperBound: span.upper, mode: .skip))
                    } else if mine.count <= max(configuration.maximumReplyList, configuration.idListThreshold) {
                        builder.append(ReconcileRange(upperBound: span.upper, mode: .idList(mine)))
                    } else {
                        try await split(
                            span, count: mine.count, into: configuration.fanout, source: source, builder: &builder
                        )
                    }
                }
            }
        }
        return ReconcileStep(ranges: builder.ranges, have: have, need: need)
    }

    /// Splits `span` (holding `count` of this side's items) into up to `parts` ranges of about equal counts,
    /// each fingerprinted, with compact bounds.
    private func split(
        _ span: IDRange, count: Int, into parts: Int, source: some ReconcileItemSource, builder: inout Builder
    ) async throws {
        let parts = max(1, min(parts, count))
        var positions: [Int] = []
        for part in 1..<max(1, parts) {
            let position = part * count / parts
            positions += [position - 1, position]
        }
        let ids = try await source.ids(in: span, at: positions)
        var lower = span.lower
        for part in 0..<parts {
            let upper =
                part == parts - 1 ? span.upper : IDRange.compactBound(after: ids[2 * part], upTo: ids[2 * part + 1])
            let sub = IDRange(lower: lower, upper: upper)
            let fingerprint = try await source.summary(of: sub).fingerprint
            builder.append(ReconcileRange(upperBound: upper, mode: .fingerprint(fingerprint)))
            lower = upper
        }
    }

    /// The ids only in `mine` (or with another digest there) and the ids only in `theirs` (or with another
    /// digest there); both lists ascending.
    static func difference(_ mine: [ReconcileItem], _ theirs: [ReconcileItem]) -> ([String], [String]) {
        var mineOnly: [String] = []
        var theirsOnly: [String] = []
        var i = 0
        var j = 0
        while i < mine.count || j < theirs.count {
            if j == theirs.count || (i < mine.count && IDRange.precedes(mine[i].id, theirs[j].id)) {
                mineOnly.append(mine[i].id)
                i += 1
            } else if i == mine.count || IDRange.precedes(theirs[j].id, mine[i].id) {
                theirsOnly.append(theirs[j].id)
                j += 1
            } else {
                if mine[i].digest != theirs[j].digest {
                    mineOnly.append(mine[i].id)
                    theirsOnly.append(theirs[j].id)
                }
                i += 1
                j += 1
            }
        }
        return (mineOnly, theirsOnly)
    }

    /// Collects outgoing ranges, merging adjacent skips and estimating the encoded size.
    private struct Builder {
        var ranges: [ReconcileRange] = []
        var bytes = 0
        let limit: Int

        init(limit: Int) {
            self.limit = limit
        }

        /// Past the byte budget, or near the most ranges a message may hold.
        var isFull: Bool { bytes >= limit || ranges.count >= ReconcileRange.maximumRangeCount - 1_024 }

        mutating func append(_ range: ReconcileRange) {
            if range.mode == .skip, let last = ranges.last, last.mode == .skip {
                bytes += range.upperBound.utf8.count - last.upperBound.utf8.count
                ranges[ranges.count - 1].upperBound = range.upperBound
                return
            }
            bytes += 2 + range.upperBound.utf8.count
            switch range.mode {
            case .skip: break
            case .fingerprint: bytes += 16
            case .idList(let items): bytes += 3 + items.reduce(0) { $0 + 18 + $1.id.utf8.count }
            }
            ranges.append(range)
        }
    }
}
