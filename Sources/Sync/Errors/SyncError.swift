public import Store
public import Wire

/// A sync session failed: the peer refused something, broke the protocol, or the local store refused.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; mirrors `ErrorCode` where the peer sent one.
    public var code: ErrorCode
    /// The sentence to show the user.
    public var message: String
    /// Whether the same request may succeed if tried again (the peer's word, or ours for local failures).
    public var retryable: Bool
    /// Record ids the failure is about, if any.
    public var recordIDs: [String]

    /// Makes an error.
    public init(_ code: ErrorCode, _ message: String, retryable: Bool = false, recordIDs: [String] = []) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.recordIDs = recordIDs
    }

    /// The error a peer reported with an ERROR frame.
    public init(remote: ErrorMessage) {
        self.init(remote.code, remote.message, retryable: remote.retryable, recordIDs: remote.recordIDs)
    }

    /// The error a peer should hear when the replica refused a request: the replica's own sentence, with the code
    /// that says whether the request or the server was at fault.
    public init(replica error: ReplicaError) {
        if error.refusesTheRecords {
            // A refused batch (the store's gate, a type change, a clock too far ahead) applied nothing.
            let code: ErrorCode = error.code == .clockDrift ? .clockSkew : .invalidRecord
            self.init(code, "batch refused, nothing applied: \(error.message)", recordIDs: error.recordIDs)
            return
        }
        switch error.code {
        case .datasetNotFound, .recordNotFound: self.init(.notFound, error.message)
        case .invalidName, .datasetExists: self.init(.badRequest, error.message)
        // (A store's `kindMismatch`, a record whose type the dataset's kind does not hold, refuses the records
        // above: it is an invalid record. The wire's `kindMismatch` is a dataset that exists with another kind,
        // Protocol.md §12.)
        case .diskFull:
            // The server's own path means nothing to the client: say whose disk it is and who can fix it.
            self.init(
                .internal,
                "the server's disk is full; ask its operator to free some space, then run the same "
                    + "command again", retryable: true)
        default: self.init(.internal, "the server could not complete the request: \(error.message)", retryable: true)
        }
    }

    /// The ERROR frame that tells a peer about this error.
    public var errorMessage: ErrorMessage {
        ErrorMessage(code: code, retryable: retryable, message: message, dataset: nil, recordIDs: recordIDs)
    }

    /// The message, with the first record ids it is about.
    public var description: String {
        let ids =
            recordIDs.isEmpty
            ? ""
            : " (records: \(recordIDs.prefix(10).joined(separator: ", "))"
                + (recordIDs.count > 10 ? ", …" : "") + ")"
        return message + ids + (retryable ? " (retry may help)" : "")
    }
}
