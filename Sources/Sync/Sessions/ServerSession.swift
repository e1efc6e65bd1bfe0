public import Store
public import Wire

/// The server side of one connection: waits for HELLO, checks the token, answers WELCOME, then serves requests
/// until GOODBYE, the end of the stream, or shutdown.
///
/// The session is a loop over a small state: idle, or receiving a push into one dataset. Pull streams are served
/// inline: at most `window` batches are sent before an acknowledgement is awaited, so a slow client never makes
/// the server buffer without limit.
public struct ServerSession<Channel: MessageChannel> {
    private enum State {
        case awaitingHello
        case ready
        case receivingPush(dataset: String, epoch: UInt64)
    }

    var channel: Channel
    let store: any RecordStore
    private let policy: any AccessPolicy
    let options: SessionOptions
    private let nodeName: String
    private let peerAddress: String?
    private let isShuttingDown: @Sendable () -> Bool
    private var state = State.awaitingHello
    var access = Access(isOpen: false, grants: [])
    var window = 1
    /// What this server offers in WELCOME, before agreeing with the client's HELLO.
    private let offered: Capabilities
    /// What WELCOME agreed (the defaults until then): batches are cut to its frame size.
    private(set) var agreed = Capabilities.defaults
    /// The client's HELLO, once received.
    public private(set) var hello: Hello?
    /// What the session moved, per dataset, for logs and metrics.
    public internal(set) var reports: [TransferReport] = []

    /// Makes a session for one accepted connection (preambles already exchanged). `capabilities` is what the
    /// server offers, such as the frame limits it enforces (default: `options.capabilities`). `peerAddress` (the
    /// client's IP address) is what the access policy counts bad tokens by.
    public init(
        channel: Channel,
        store: any RecordStore,
        policy: any AccessPolicy,
        options: SessionOptions = SessionOptions(),
        capabilities: Capabilities? = nil,
        nodeName: String,
        peerAddress: String? = nil,
        isShuttingDown: @escaping @Sendable () -> Bool = { false }
    ) {
        self.channel = channel
        self.store = store
        self.policy = policy
        self.options = options
        self.offered = capabilities ?? options.capabilities
        self.nodeName = nodeName
        self.peerAddress = peerAddress
        self.isShuttingDown = isShuttingDown
    }

    /// Serves the connection until it ends. Errors that the client should hear about are sent as ERROR frames
    /// before this throws them; the caller then closes the connection.
    public mutating func run() async throws {
        do {
            while let message = try await receive() {
                if case .goodbye = message { return }
                // The client refused something (a WELCOME whose clock is too far off): the session ends, and
                // there is nothing to answer.
                if case .error(let error) = message { throw ReceiveFailure(underlying: SyncError(remote: error)) }
                try await handle(message)
                if isShuttingDown() {
                    if case .receivingPush = state {
                        throw SyncError(.shuttingDown, "the server is shutting down; push again", retryable: true)
                    }
                    try await channel.send(.goodbye(Goodbye(reason: "server shutting down")))
                    return
                }
            }
            if case .receivingPush(let dataset, _) = state {
                throw SyncError(
                    .protocolViolation, "the client left in the middle of a push of \(dataset)",
                    retryable: true)
            }
        } catch let error as SyncError {
            try? await channel.send(.error(error.errorMessage))
            throw error
        } catch let error as WireError {
            throw error
        } catch let error as ReceiveFailure {
            // The connection failed (closed, timed out, bad bytes): whoever failed it has told the peer.
            throw error.underlying
        } catch let error as ReplicaError {
            let failure = SyncError(replica: error)
            try? await channel.send(.error(failure.errorMessage))
            throw failure
        } catch {
            // A store failure: the batch in flight was rolled back; the client may try again.
            let failure = SyncError(.internal, "the server could not complete the request: \(error)", retryable: true)
            try? await channel.send(.error(failure.errorMessage))
            throw failure
        }
    }

    /// A failure of the channel itself while receiving, kept apart from failures of the request in hand.
    private struct ReceiveFailure: Error {
        var underlying: any Error
    }

    /// The next message from the client; a channel failure is thrown as a `ReceiveFailure`.
    private mutating func receive() async throws -> WireMessage? {
        do {
            return try await channel.receive()
        } catch {
            throw ReceiveFailure(underlying: error)
        }
    }

    private mutating func handle(_ message: WireMessage) async throws {
        switch (state, message) {
        case (.awaitingHello, .hello(let hello)):
            try await greet(hello)
        case (.awaitingHello, _):
            throw SyncError(.protocolViolation, "the first message must be HELLO, not \(message.type)")
        case (_, .ping(let ping)):
            try await channel.send(.pong(Pong(nonce: ping.nonce)))
        case (.ready, .listDatasets):
            let listed = try await store.datasets()
            let datasets = listed.filter { access.canRead($0.name) }.map {
                DatasetEntry(
                    name: $0.name, kind: $0.kind, epoch: $0.epoch, sequence: $0.sequence,
                    recordCount: UInt64($0.recordCount))
            }
            try await channel.send(.datasetList(DatasetList(datasets: datasets)))
        case (.ready, .pullRequest(let request)):
            try await servePull(request)
        case (.ready, .pushRequest(let request)):
            try await acceptPush(request)
        case (.ready, .reconcileRequest(let request)):
            try await answerReconcile(request)
        case (.ready, .reconcileNeed(let need)):
            try await answerNeed(need)
        case (.receivingPush(let dataset, let epoch), .recordBatch(let batch)):
            try await receivePushBatch(batch, dataset: dataset, epoch: epoch)
        default:
            throw SyncError(.protocolViolation, "unexpected \(message.type) at this point of the session")
        }
    }

    private mutating func greet(_ hello: Hello) async throws {
        let supported = options.protocolVersions
        // A server held to versions below 2 answers the version-2 layout as a version-1 server (which reads HELLO
        // without the clock, strictly) does.
        if hello.carriesWallClock, !supported.contains(ProtocolVersion.wallClocks) {
            throw SyncError(.protocolViolation, "malformedPayload: HELLO payload has 8 bytes left over")
        }
        guard let version = hello.negotiatedVersion(supported: supported) else {
            throw SyncError(
                .unsupportedVersion,
                "this server speaks protocol versions \(supported.lowerBound)–\(supported.upperBound); the client "
                    + "speaks \(hello.minVersion)–\(hello.maxVersion)"
            )
        }
        access = try await policy.access(forToken: hello.token, from: peerAddress)
        // Only an accepted client's clock is remembered: a stranger cannot feed the local-write check.
        let now = options.wallClock.milliseconds()
        if let clientClock = hello.wallClock {
            let measurement = PeerClock(peer: hello.siteID, peerClock: clientClock, localClock: now)
            try await store.recordPeerClock(measurement)
            if ClockSkew.skew(peerClock: clientClock, localClock: now).magnitude > options.maxClockSkew {
                throw SyncError(
                    .clockSkew,
                    ClockSkew.refusal(
                        localClock: clientClock, peerClock: now, peer: "the server", limit: options.maxClockSkew)
                )
            }
        }
        self.hello = hello
        agreed = offered.agreed(with: hello.capabilities)
        window = max(1, Int(agreed.window))
        try await channel.send(
            .welcome(
                Welcome(
                    version: version, siteID: store.siteID, nodeName: nodeName, capabilities: agreed,
                    wallClock: version >= ProtocolVersion.wallClocks ? now : nil
                )
            )
        )
        state = .ready
    }

    private mutating func servePull(_ request: PullRequest) async throws {
        let name = request.dataset
        try access.requireRead(name)
        guard let dataset = try await store.dataset(named: name) else {
            throw SyncError(.notFound, "no dataset \(name) on this server")
        }
        guard let peer = hello?.siteID else { return }
        var report = TransferReport(dataset: name)
        let batchSize = max(
            1,
            min(
                Int(request.batchSize == 0 ? UInt32(options.batchSize) : request.batchSize),
                options.maxBatchRecords))
        var sizer = BatchSizer(capabilities: agreed, preferred: batchSize)
        // A cursor from another epoch (the store was reset or restored), ahead of the feed, or below the horizon
        // of collected tombstones cannot be continued: the client must reconcile. The session goes on.
        var after: UInt64 = 0
        if let cursor = request.cursor {
            guard cursor.epoch == dataset.feed.epoch, cursor.sequence <= dataset.feed.sequence,
                cursor.sequence >= dataset.horizon
            else {
                let stale = ErrorMessage(
                    code: .staleCursor, retryable: false,
                    message: "the cursor on \(name) is stale (the feed was reset, restored or compacted): reconcile",
                    dataset: name
                )
                try await channel.send(.error(stale))
                return
            }
            after = cursor.sequence
        }
        let feed = dataset.feed
        let sent = try await BatchStream(window: window).run(
            send: { number in
                let slice = try await sizer.readChanges(from: store, dataset: name, after: after, excluding: peer)
                after = slice.reached
                let isLast = slice.isComplete || isShuttingDown()
                try await channel.send(
                    .encodedRecordBatch(
                        EncodedRecordBatch(
                            dataset: name, batchNumber: number, records: slice.records,
                            cursor: FeedCursor(epoch: feed.epoch, sequence: slice.reached), isLast: isLast)))
                return BatchStream.Sent(records: slice.records.count, isLast: isLast)
            },
            awaitAck: { try await awaitAck(dataset: name) },
            acknowledged: { ack, _, final in
                // Once per stream, not per batch: it is only an input of tombstone collection.
                if final && ack.cursor.epoch == feed.epoch {
                    try await store.recordDelivered(peer: peer, dataset: name, cursor: ack.cursor)
                }
            })
        report.batches = sent.batches
        // The stream ran to its end: every batch was acknowledged.
        (report.recordsSent, report.recordsAcknowledged) = (sent.records, sent.records)
        reports.append(report)
    }

    /// Waits for the client's BATCH_ACK of a batch of `dataset` sent by the server, answering pings meanwhile.
    @discardableResult
    mutating func awaitAck(dataset name: String) async throws -> BatchAck {
        while true {
            guard let message = try await receive() else {
                throw SyncError(.protocolViolation, "the client left during a transfer of \(name)", retryable: true)
            }
            switch message {
            case .batchAck(let ack) where ack.dataset == name:
                return ack
            case .ping(let ping):
                try await channel.send(.pong(Pong(nonce: ping.nonce)))
            case .error(let error):
                throw SyncError(remote: error)
            default:
                throw SyncError(.protocolViolation, "expected ACK, got \(message.type)")
            }
        }
    }

    private mutating func acceptPush(_ request: PushRequest) async throws {
        let name = request.dataset
        try access.requireWrite(name)
        var created = false
        if try await store.dataset(named: name) == nil {
            do {
                try await store.createDataset(name: name, kind: request.kind)
                created = true
            } catch let error as ReplicaError where error.code == .datasetExists {
                // Another push (on this server, or another server of the same database) created it meanwhile.
            }
        }
        if !created, let existing = try await store.dataset(named: name), existing.kind != request.kind {
            throw SyncError(.kindMismatch, "dataset \(name) is \(existing.kind.name) here, not \(request.kind.name)")
        }
        guard let peer = hello?.siteID else { return }
        var held = try await store.cursor(peer: peer, dataset: name)
        if held?.epoch != request.senderEpoch { held = nil }
        try await channel.send(.pushAccepted(PushAccepted(dataset: name, created: created, acknowledged: held)))
        state = .receivingPush(dataset: name, epoch: request.senderEpoch)
        var report = TransferReport(dataset: name)
        report.created = created
        reports.append(report)
    }

    private mutating func receivePushBatch(_ batch: RecordBatch, dataset: String, epoch: UInt64) async throws {
        guard let peer = hello?.siteID else { return }
        let receiver = BatchReceiver(
            dataset: dataset, transfer: "push", peer: peer, epoch: epoch, maxRecords: options.maxBatchRecords)
        var report = reports.popLast() ?? TransferReport(dataset: dataset)
        defer { reports.append(report) }
        try await receiver.receive(batch, into: store, over: &channel, report: &report)
        if batch.isLast { state = .ready }
    }
}
