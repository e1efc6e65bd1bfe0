public import Wire
public import Store

/// The client side of a connection: says HELLO, then lists, pulls and pushes datasets, one request at a time.
///
/// A pull applies each batch and advances the cursor in one transaction, then acknowledges it, so an interrupted
/// pull resumes after the last applied batch. A push sends changes after the position the server says it holds
/// durably, so an interrupted push resumes there; re-sending is harmless because merge is idempotent.
public struct ClientSession<Channel: MessageChannel> {
    /// The connection, through which a server that refused something and closed has the last word.
    var channel: LastWordChannel<Channel>
    let store: any RecordStore
    private let options: SessionOptions
    private var window: Int
    /// The server's WELCOME, once the handshake is done.
    public private(set) var welcome: Welcome?
    /// The ERROR the server answered HELLO with, if it did.
    public private(set) var helloRefusal: ErrorMessage?
    /// Called with (dataset, records done, total or 0) as batches are applied or acknowledged.
    public var progress: (@Sendable (String, UInt64, UInt64) -> Void)?
    /// What the transfer in progress (or the last one) has moved so far: after a failure, what was applied and
    /// acknowledged before it.
    public private(set) var inProgress: TransferReport?

    /// Makes a session over a connected channel (preambles already exchanged).
    public init(channel: Channel, store: any RecordStore, options: SessionOptions = SessionOptions()) {
        self.channel = LastWordChannel(channel)
        self.store = store
        self.options = options
        self.window = options.window
    }

    /// The server's site id. Valid after `handshake`.
    public var serverSite: SiteID {
        guard let welcome else { preconditionFailure("handshake first") }
        return welcome.siteID
    }

    /// Sends HELLO offering `options.protocolVersions` and waits for WELCOME. A WELCOME with a version this client
    /// did not offer is a protocol violation; one whose wall clock is further from this machine's than
    /// `options.maxClockSkew` is refused with `.clockSkew` (the measurement is remembered either way, Protocol.md
    /// §5). A WELCOME without a clock (version 1) is accepted unmeasured. An ERROR answer is thrown, and kept in
    /// `helloRefusal` (see `fallbackVersions`).
    public mutating func handshake(nodeName: String, token: String?) async throws -> Welcome {
        let offered = options.protocolVersions
        let hello = Hello(
            minVersion: offered.lowerBound,
            maxVersion: offered.upperBound,
            siteID: store.siteID,
            nodeName: nodeName,
            capabilities: options.capabilities,
            token: token,
            wallClock: options.wallClock.milliseconds()
        )
        // A server that turned the connection away at once (busy) said why and closed, often before HELLO could be
        // written: the channel hands its ERROR out as the answer.
        try await channel.send(.hello(hello))
        let answer: HelloAnswer = try await expect("WELCOME") { message in
            switch message {
            case .welcome(let welcome): .welcome(welcome)
            case .error(let refusal): .refused(refusal)
            default: nil
            }
        }
        let welcome: Welcome
        switch answer {
        case .welcome(let accepted):
            welcome = accepted
        case .refused(let refusal):
            helloRefusal = refusal
            throw SyncError(remote: refusal)
        }
        guard offered.contains(welcome.version) else {
            throw SyncError(
                .protocolViolation,
                "the server chose protocol version \(welcome.version), which this client did not offer")
        }
        if let serverClock = welcome.wallClock {
            let now = options.wallClock.milliseconds()
            let measurement = PeerClock(peer: welcome.siteID, peerClock: serverClock, localClock: now)
            try await store.recordPeerClock(measurement)
            if ClockSkew.skew(peerClock: serverClock, localClock: now).magnitude > options.maxClockSkew {
                let refusal = SyncError(
                    .clockSkew,
                    ClockSkew.refusal(
                        localClock: now, peerClock: serverClock, peer: "the server", limit: options.maxClockSkew)
                )
                try? await channel.send(
                    .error(
                        ErrorMessage(
                            code: .clockSkew, retryable: false,
                            message: ClockSkew.refusal(
                                localClock: serverClock, peerClock: now, peer: "the client",
                                limit: options.maxClockSkew),
                            dataset: nil, recordIDs: [])))
                throw refusal
            }
        }
        self.welcome = welcome
        window = max(1, Int(welcome.capabilities.window))
        return welcome
    }

    /// What a server answers HELLO with.
    private enum HelloAnswer {
        case welcome(Welcome)
        case refused(ErrorMessage)
    }

    /// The versions to offer on a new connection after the server refused this one's HELLO as a version-1 server
    /// refuses a version-2 HELLO (`ERROR protocolViolation`), or `nil` when a fallback cannot help
    /// (`ProtocolVersion.fallback(from:)`).
    public var fallbackVersions: ClosedRange<UInt16>? {
        guard helloRefusal?.code == .protocolViolation else { return nil }
        return ProtocolVersion.fallback(from: options.protocolVersions)
    }

    /// The datasets the server lets this client see.
    public mutating func listDatasets() async throws -> [DatasetEntry] {
        try await channel.send(.listDatasets(ListDatasets()))
        return try await expect("DATASETS") { message in
            if case .datasetList(let list) = message { return list.datasets }
            return nil
        }
    }

    /// Pulls `dataset` from the server into the local replica, creating it locally with `kind` if missing.
    ///
    /// `through` is the server's feed position as its DATASETS list gave it before the pull: a stream that the
    /// server ends before reaching it (a server shutting down marks its last batch as last) is reported with
    /// `complete == false`, never as a finished pull.
    public mutating func pull(dataset: String, kind: DatasetKind, through: FeedCursor? = nil) async throws
        -> TransferReport
    {
        var report = TransferReport(dataset: dataset)
        inProgress = report
        if let local = try await store.dataset(named: dataset) {
            guard local.kind == kind else {
                throw SyncError(
                    .badRequest, "dataset \(dataset) is \(local.kind.name) here but \(kind.name) on the server")
            }
        } else {
            try await store.createDataset(name: dataset, kind: kind)
            report.created = true
            inProgress = report
        }
        let server = serverSite
        let cursor = try await store.cursor(peer: server, dataset: dataset)
        try await channel.send(
            .pullRequest(PullRequest(dataset: dataset, cursor: cursor, batchSize: UInt32(options.batchSize)))
        )
        do {
            try await receiveBatches(dataset: dataset, from: server, cursor: nil, report: &report)
        } catch let error as SyncError where error.code == .staleCursor {
            // The server's feed is not the one our cursor points into (restored, reset, or tombstones collected
            // past it): compare sets, then pull what changed since the reconcile started.
            let reconciled = try await reconcile(dataset: dataset, kind: kind)
            report.merge(reconciled)
            let cursor = try await store.cursor(peer: server, dataset: dataset)
            try await channel.send(
                .pullRequest(PullRequest(dataset: dataset, cursor: cursor, batchSize: UInt32(options.batchSize)))
            )
            try await receiveBatches(dataset: dataset, from: server, cursor: nil, report: &report)
        }
        if let through, let reached = try await store.cursor(peer: server, dataset: dataset),
            reached.epoch == through.epoch, reached.sequence < through.sequence
        {
            report.complete = false
            inProgress = report
        }
        return report
    }

    /// Receives RECORD_BATCHes up to the one marked last, applying each with `cursor` (or, when `nil`, the
    /// batch's own cursor) and acknowledging it.
    mutating func receiveBatches(
        dataset: String, from server: SiteID, cursor: FeedCursor?, report: inout TransferReport
    ) async throws {
        let receiver = BatchReceiver(
            dataset: dataset, transfer: "pull", peer: server, maxRecords: options.maxBatchRecords, cursor: cursor)
        while true {
            let batch: RecordBatch = try await expect("RECORDS") { message in
                if case .recordBatch(let batch) = message { return batch }
                return nil
            }
            try await receiver.receive(batch, into: store, over: &channel, report: &report)
            inProgress = report
            progress?(dataset, UInt64(report.recordsReceived), 0)
            if batch.isLast { return }
        }
    }

    /// Pushes the local changes of `dataset` that the server does not hold yet.
    public mutating func push(dataset: String) async throws -> TransferReport {
        try await push(dataset: dataset, only: nil)
    }

    /// Pushes the local changes of `dataset` the server does not hold yet or, with `only`, exactly those records
    /// (without moving the server's cursor on this replica's feed).
    mutating func push(dataset: String, only: [String]?) async throws -> TransferReport {
        guard let local = try await store.dataset(named: dataset) else {
            throw SyncError(.notFound, "no dataset \(dataset) here")
        }
        var report = TransferReport(dataset: dataset)
        inProgress = report
        let server = serverSite
        try await channel.send(
            .pushRequest(PushRequest(dataset: dataset, kind: local.kind, senderEpoch: local.feed.epoch, cursor: nil))
        )
        let accepted: PushAccepted = try await expect("PUSH-ACCEPTED") { message in
            if case .pushAccepted(let accepted) = message { return accepted }
            return nil
        }
        report.created = accepted.created
        var after: UInt64 = 0
        if let held = accepted.acknowledged, held.epoch == local.feed.epoch { after = held.sequence }
        // At most this many records are left to send: the feed positions after the server's.
        let total = only.map { UInt64($0.count) } ?? (local.feed.sequence > after ? local.feed.sequence - after : 0)
        var remaining = only ?? []
        // Batches are cut to the frame size WELCOME agreed, not only by record count (Protocol.md §8).
        var sizer = BatchSizer(capabilities: welcome?.capabilities ?? .defaults, preferred: options.batchSize)
        let (epoch, batchSize, progress) = (local.feed.epoch, options.batchSize, self.progress)
        _ = try await BatchStream(window: window).run(
            send: { number in
                let slice: ChangeSlice
                if only != nil {
                    let chunk = Array(remaining.prefix(batchSize))
                    let found = try await store.records(dataset: dataset, ids: chunk)
                    let fitting = try sizer.batches(of: found, dataset: dataset)
                    let records = fitting.first ?? []
                    // The ids up to the last record sent are done; the rest go in the next batches.
                    let sent =
                        records.last.flatMap { last in chunk.firstIndex(of: last.id).map { $0 + 1 } } ?? chunk.count
                    remaining.removeFirst(fitting.count > 1 ? sent : chunk.count)
                    slice = ChangeSlice(records: EncodedRecords(records), reached: after, isComplete: remaining.isEmpty)
                } else {
                    slice = try await sizer.readChanges(from: store, dataset: dataset, after: after, excluding: server)
                }
                after = slice.reached
                try await channel.send(
                    .encodedRecordBatch(
                        EncodedRecordBatch(
                            dataset: dataset, batchNumber: number, records: slice.records,
                            cursor: FeedCursor(epoch: epoch, sequence: slice.reached), isLast: slice.isComplete)))
                report.batches += 1
                report.recordsSent += slice.records.count
                return BatchStream.Sent(records: slice.records.count, isLast: slice.isComplete)
            },
            awaitAck: { try await receiveAck(dataset: dataset) },
            acknowledged: { ack, records, final in
                if only == nil && final {
                    try await store.recordDelivered(peer: server, dataset: dataset, cursor: ack.cursor)
                }
                report.recordsAcknowledged += records
                report.recordsApplied += Int(ack.applied)
                inProgress = report
                progress?(dataset, UInt64(report.recordsSent), total)
            })
        return report
    }

    /// Says GOODBYE. The channel may be closed afterwards.
    public mutating func goodbye() async throws {
        try await channel.send(.goodbye(Goodbye(reason: "done")))
    }

    private mutating func receiveAck(dataset: String) async throws -> BatchAck {
        let ack: BatchAck = try await expect("ACK") { message in
            if case .batchAck(let ack) = message { return ack }
            return nil
        }
        if !ack.refusals.isEmpty {
            throw SyncError(
                .invalidRecord,
                "the server refused a batch of \(dataset): "
                    + ack.refusals.prefix(5).map { "\($0.recordID): \($0.reason)" }.joined(separator: "; "),
                recordIDs: ack.refusals.map(\.recordID)
            )
        }
        return ack
    }

    /// Receives the next message and extracts the expected one; an ERROR frame becomes a thrown `SyncError`,
    /// anything else (or the stream ending) a protocol violation.
    mutating func expect<T>(_ what: String, _ match: (WireMessage) -> T?) async throws -> T {
        while true {
            guard let message = try await channel.receive() else {
                throw SyncError(
                    .protocolViolation, "the server closed the connection while \(what) was expected",
                    retryable: true)
            }
            if let value = match(message) { return value }
            switch message {
            case .error(let error):
                throw SyncError(remote: error)
            case .goodbye(let goodbye):
                throw SyncError(
                    .shuttingDown, "the server ended the session (\(goodbye.reason)) while \(what) was expected",
                    retryable: true)
            case .ping(let ping):
                try await channel.send(.pong(Pong(nonce: ping.nonce)))
            case .progress, .conflictReport:
                continue
            default:
                throw SyncError(.protocolViolation, "expected \(what) from the server, got \(message.type)")
            }
        }
    }
}
