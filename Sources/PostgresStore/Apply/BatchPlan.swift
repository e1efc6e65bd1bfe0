import NIOCore
import Store
import Wire

/// What one batch does to a dataset, decided in memory from the stored states the batch's load found: the apply
/// rule (`ApplyDecision`) run record by record, in batch order, exactly as the SQLite backend's `RecordWriter`
/// runs it, and the rows that result, for a few set-based statements to write (`BatchPlan+Statements`).
///
/// Each written record takes the next sequence of the dataset, as in SQLite; when one id is written twice in a
/// batch only its last row is stored (its earlier sequence stays unused, as SQLite's row for it is deleted).
struct BatchPlan {
    /// A record's new row, in the feed and in the keys.
    struct Row {
        var id: String
        var sequence: Int64
        var type: RecordType
        var deleted: Bool
        var conflicted: Bool
        var state: ByteBuffer
        var digest: [UInt8]
        /// The peer that holds exactly this state (echo suppression), or `nil`.
        var source: SiteID?
    }

    /// The dataset's sequence and counters as the batch leaves them.
    private(set) var dataset: DatasetRow
    /// What the batch did, counted as SQLite's backend counts.
    private(set) var outcome = ApplyResult()
    /// The feed rows the batch replaces (records moved to the end of the feed).
    private(set) var replacedRows: [Int64] = []
    /// The markers of collected tombstones whose records are rows again.
    private(set) var droppedMarkers: [String] = []
    /// The new row of each written id.
    private var written: [String: Row] = [:]
    /// What is stored for each id of the batch, as the batch goes.
    private var records: [String: StoredRecord]

    /// A plan over `dataset` (locked) whose ids' stored states are `stored` (absent ids: never held).
    init(dataset: DatasetRow, stored: [String: StoredRecord]) {
        self.dataset = dataset
        records = stored
    }

    /// The new rows, in sequence order.
    var rows: [Row] { written.values.sorted { $0.sequence < $1.sequence } }

    /// Applies `incoming`, received from `peer`. A stored record whose digest is the incoming one's is left as it
    /// is without decoding anything (states are canonical: equal digests, equal states). Throws `.typeChange` when
    /// the id is stored with another type.
    mutating func apply(_ incoming: IncomingRecord, from peer: SiteID) throws(ReplicaError) {
        let id = incoming.state.id
        var record = records[id] ?? .absent
        if case .record = record.stored, record.digest == incoming.digest {
            outcome.unchanged += 1
            return
        }
        let decision = try ApplyDecision(stored: record.stored, incoming: incoming.state)
        guard let state = decision.state else {
            outcome.unchanged += 1
            return
        }
        outcome.applied += 1
        if decision.gainsConflict { outcome.newConflicts += 1 }
        if decision.action == .insert { outcome.created += 1 }
        if decision.action != .insert, let row = record.feedRow {
            replacedRows.append(row)
            record.feedRow = nil
        }
        if decision.dropsMarker { droppedMarkers.append(id) }
        let bytes: ByteBuffer
        let digest: [UInt8]
        if decision.echoesToSender {
            // The stored state is a merge that differs from the incoming one: it is encoded here.
            let merged = IncomingRecord(state)
            (bytes, digest) = (merged.bytes, merged.digest)
        } else {
            (bytes, digest) = (incoming.bytes, incoming.digest)
        }
        dataset.sequence += 1
        dataset.recordCount += decision.liveCountChange
        dataset.conflictCount += decision.conflictCountChange
        written[id] = Row(
            id: id, sequence: Int64(bitPattern: dataset.sequence), type: state.type, deleted: state.isDeleted,
            conflicted: state.isListedAsConflicted, state: bytes, digest: digest,
            source: decision.echoesToSender ? nil : peer)
        record.stored = .record(state)
        record.digest = digest
        records[id] = record
    }
}
