/// Every way a replica operation can be refused. Match on `code`; new codes may be added.
///
/// An operation that throws a `ReplicaError` has changed nothing.
public struct ReplicaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notAReplica
            case alreadyAReplica
            case datasetExists
            case datasetNotFound
            case recordNotFound
            case recordDeleted
            case kindMismatch
            case typeChange
            case clockDrift
            case clockImplausible
            case invalidName
            case invalidRecord
            case conflictNotFound
            case tokenNotFound
            case labelTaken
            case storage
            case storeRefused
            case diskFull
            case newerStore
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The directory has no `.tally` folder.
        public static let notAReplica = Code(.notAReplica)
        /// `create` was asked for a directory that already holds a replica.
        public static let alreadyAReplica = Code(.alreadyAReplica)
        /// A dataset of that name already exists.
        public static let datasetExists = Code(.datasetExists)
        /// No dataset has that name.
        public static let datasetNotFound = Code(.datasetNotFound)
        /// No record has that id in the dataset.
        public static let recordNotFound = Code(.recordNotFound)
        /// The record exists but is deleted (deleting it again, for example).
        public static let recordDeleted = Code(.recordDeleted)
        /// A record type that does not belong in the dataset's kind.
        public static let kindMismatch = Code(.kindMismatch)
        /// A record id already used by a record of another type.
        public static let typeChange = Code(.typeChange)
        /// A remote clock too far ahead of this machine's wall clock.
        public static let clockDrift = Code(.clockDrift)
        /// A local write refused because this machine's wall clock is implausible: before 2025, or further from
        /// what the peers' clocks said at the last handshake than the maximum skew (Protocol.md §5).
        public static let clockImplausible = Code(.clockImplausible)
        /// A dataset name, record id or field name that breaks the naming rules.
        public static let invalidName = Code(.invalidName)
        /// A record state that is not well formed (a write its version vector does not cover, ...).
        public static let invalidRecord = Code(.invalidRecord)
        /// `resolve` named a field that has no open conflict.
        public static let conflictNotFound = Code(.conflictNotFound)
        /// No token has that label or id (`tally token revoke`).
        public static let tokenNotFound = Code(.tokenNotFound)
        /// A token that is not revoked already has that label.
        public static let labelTaken = Code(.labelTaken)
        /// The store failed (corrupt file, locked database, a database server that cannot be reached, ...): a
        /// retry may succeed.
        public static let storage = Code(.storage)
        /// The store turned the connection away for a reason retrying does not change: a wrong password, no such
        /// database, a role without the rights, TLS settings that do not match the server's. The configuration
        /// has to change.
        public static let storeRefused = Code(.storeRefused)
        /// The disk holding the store is full: the write that did not fit changed nothing.
        public static let diskFull = Code(.diskFull)
        /// The store was migrated by a newer version of tally, whose schema this one does not know: it is left
        /// as it is.
        public static let newerStore = Code(.newerStore)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence with the detail.
    public var message: String
    /// The records the error is about, when it refuses records (every refused state of a batch).
    public var recordIDs: [String]

    /// `true` when the records offered are at fault, not the store: a type the dataset's kind does not hold, a
    /// type change, a malformed state, a clock too far ahead. A batch or bundle refused for it applied nothing,
    /// and sending it again cannot help.
    public var refusesTheRecords: Bool {
        [.kindMismatch, .typeChange, .invalidRecord, .clockDrift].contains(code)
    }

    /// Makes an error.
    public init(_ code: Code, _ message: String, recordIDs: [String] = []) {
        self.code = code
        self.message = message
        self.recordIDs = recordIDs
    }

    /// The sentence a user reads.
    public var description: String { message }
}
