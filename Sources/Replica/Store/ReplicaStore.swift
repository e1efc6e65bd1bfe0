public import Wire

/// The operations of a versioned record store, whatever keeps the bytes. `Replica` is the SQLite
/// implementation; a PostgreSQL one can follow behind the same protocol. Every call is one transaction and a
/// call that throws has changed nothing.
public protocol ReplicaStore: AnyObject, Sendable {
    /// This replica's identity.
    var siteID: SiteID { get }

    /// Creates an empty dataset with a fresh random epoch.
    @discardableResult
    func createDataset(named name: String, kind: DatasetKind) throws(ReplicaError) -> DatasetInfo
    /// Every dataset, sorted by name.
    func datasets() throws(ReplicaError) -> [DatasetInfo]
    /// The dataset called `name`, or `nil`.
    func dataset(named name: String) throws(ReplicaError) -> DatasetInfo?
    /// Gives the dataset's feed a new random epoch; returns it.
    @discardableResult
    func resetEpoch(dataset name: String) throws(ReplicaError) -> UInt64

    /// Creates, re-creates or edits one record with a local write; a put that changes nothing writes nothing.
    @discardableResult
    func put(dataset name: String, type: RecordType, id: String, values: [(String, FieldValue)])
        throws(ReplicaError) -> RecordState
    /// Deletes a live record.
    @discardableResult
    func delete(dataset name: String, id: String) throws(ReplicaError) -> RecordState
    /// The record's state (live or deleted), or `nil`.
    func record(dataset name: String, id: String) throws(ReplicaError) -> RecordState?
    /// Settles an open conflict with a local write (`nil`: keep the winner's value).
    @discardableResult
    func resolve(dataset name: String, id: String, field: String, value: FieldValue?) throws(ReplicaError)
        -> RecordState
    /// Puts every record the producer emits in one all-or-nothing transaction; counts created, changed, unchanged.
    @discardableResult
    func importRecords(
        into name: String,
        producer: (_ emit: (RecordType, String, [(String, FieldValue)]) throws -> Void) throws -> Void
    ) throws -> ImportResult
    /// Every open conflict, sorted by type, id and field.
    func conflicts(dataset name: String) throws(ReplicaError) -> [Conflict]
    /// Streams every live record, sorted by type then id.
    func forEachLiveRecord(dataset name: String, _ body: (RecordState) throws -> Void) throws
    /// The latest changes, newest first.
    func log(dataset name: String, limit: Int) throws(ReplicaError) -> [LogEntry]

    /// Reads the change feed after `sequence`, leaving out the echoes of `excludingPeer`.
    func changes(dataset name: String, after sequence: UInt64, limit: Int, excludingPeer: SiteID?)
        throws(ReplicaError) -> ChangeBatch
    /// Merges a batch of remote records, and saves `cursor`, in one transaction.
    @discardableResult
    func apply(dataset name: String, records: [RecordState], from peer: SiteID?, cursor: CursorUpdate?)
        throws(ReplicaError) -> ApplyResult
    /// The saved cursor for `peer`, or `nil`.
    func cursor(peer: SiteID, dataset name: String, direction: FeedDirection) throws(ReplicaError) -> FeedCursor?
    /// Saves a cursor on its own.
    func setCursor(_ update: CursorUpdate, dataset name: String) throws(ReplicaError)
}

extension Replica: ReplicaStore {}
