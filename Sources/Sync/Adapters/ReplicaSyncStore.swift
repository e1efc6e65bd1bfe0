public import Replica
import Records
public import Wire

/// The replica as a sync session's store: validates incoming records against the schemas, then merges.
public struct ReplicaSyncStore: SyncStore {
    /// The replica served or synced.
    public let replica: Replica

    /// Wraps a replica.
    public init(replica: Replica) {
        self.replica = replica
    }

    public var siteID: SiteID { replica.siteID }

    public func listDatasets() throws -> [DatasetSummary] {
        try replica.datasets().map {
            Self.summary($0.name, $0.kind, $0.epoch, $0.sequence, $0.recordCount, try replica.horizon(dataset: $0.name))
        }
    }

    public func dataset(named name: String) throws -> DatasetSummary? {
        try replica.dataset(named: name).map {
            Self.summary($0.name, $0.kind, $0.epoch, $0.sequence, $0.recordCount, try replica.horizon(dataset: $0.name))
        }
    }

    public func createDataset(name: String, kind: DatasetKind) throws {
        _ = try replica.createDataset(named: name, kind: kind)
    }

    public func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?) throws
        -> ChangeSlice
    {
        let batch = try replica.changes(dataset: dataset, after: sequence, limit: limit, excludingPeer: peer)
        return ChangeSlice(
            records: batch.records, reached: batch.lastSequence, isComplete: batch.isComplete, rowsRead: batch.rowsRead)
    }

    public func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: Wire.FeedCursor) throws
        -> BatchOutcome
    {
        guard let info = try replica.dataset(named: dataset) else {
            throw SyncError(.notFound, "no dataset \(dataset)")
        }
        var refused: [(String, String)] = []
        for record in records {
            if let problem = Self.problem(with: record, in: info.kind) { refused.append((record.id, problem)) }
        }
        if let first = refused.first {
            throw SyncError(
                .invalidRecord, "batch refused, nothing applied: record \(first.0): \(first.1)",
                recordIDs: refused.map(\.0)
            )
        }
        do {
            let result = try replica.apply(
                dataset: dataset, records: records, from: peer,
                cursor: CursorUpdate(peer: peer, direction: .pull, cursor: cursor)
            )
            return BatchOutcome(
                applied: result.applied, unchanged: result.unchanged, newConflicts: result.newConflicts,
                created: result.created)
        } catch {
            guard error.refusesTheRecords else { throw error }
            let told = SyncError(replica: error)
            throw SyncError(told.code, "batch refused, nothing applied: \(error.message)", retryable: told.retryable)
        }
    }

    public func cursor(peer: SiteID, dataset: String) throws -> Wire.FeedCursor? {
        try replica.cursor(peer: peer, dataset: dataset, direction: .pull)
    }

    public func recordDelivered(peer: SiteID, dataset: String, cursor: Wire.FeedCursor) throws {
        try replica.recordDelivery(peer: peer, dataset: dataset, cursor: cursor)
    }

    public func reconcileSource(dataset: String) throws -> any ReconcileItemSource {
        guard try replica.dataset(named: dataset) != nil else { throw SyncError(.notFound, "no dataset \(dataset)") }
        return ReplicaItemSource(replica: replica, dataset: dataset)
    }

    public func records(dataset: String, ids: [String]) throws -> [RecordState] {
        try replica.records(dataset: dataset, ids: ids)
    }

    public func recordPeerClock(_ measurement: PeerClock) throws {
        try replica.recordPeerClock(measurement)
    }

    /// Why a record from a peer cannot be stored, or `nil`: a type outside the dataset's kind, an unknown field,
    /// a value of the wrong kind in any write, or a live record missing a required field.
    public static func problem(with record: RecordState, in kind: DatasetKind) -> String? {
        guard record.type.datasetKind == kind else {
            return "a \(record.type.name) record does not belong in a \(kind.name) dataset"
        }
        let schema = RecordSchema.for(record.type)
        for field in record.fields {
            // A concrete `String` comparison: this runs for every field of every record a pull brings.
            guard let spec = schema.fields.first(where: { $0.name == field.name }) else {
                return "\(record.type.name) has no field \(field.name)"
            }
            for write in field.writes where write.value != .null {
                if let problem = spec.kind.problem(with: write.value) { return "\(field.name): \(problem.message)" }
            }
        }
        for write in record.liveness {
            guard case .bool = write.value else { return "liveness holds a non-bool value" }
        }
        if !record.isDeleted {
            for spec in schema.fields where spec.required && spec.name != "id" && record.value(of: spec.name) == .null {
                return "required field \(spec.name) is missing"
            }
        }
        return nil
    }

    private static func summary(
        _ name: String, _ kind: DatasetKind, _ epoch: UInt64, _ sequence: UInt64, _ count: Int, _ horizon: UInt64
    ) -> DatasetSummary {
        DatasetSummary(
            name: name, kind: kind, feed: Wire.FeedCursor(epoch: epoch, sequence: sequence),
            recordCount: UInt64(count), horizon: horizon
        )
    }
}
