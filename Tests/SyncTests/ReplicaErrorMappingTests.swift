import Store
import Sync
import Testing
import Wire

/// `SyncError(replica:)`: the one mapping of a replica's refusal to what a peer is told (Protocol.md §12).
@Suite struct ReplicaErrorMappingTests {
    @Test(arguments: [
        (ReplicaError.Code.kindMismatch, ErrorCode.invalidRecord), (.typeChange, .invalidRecord),
        (.invalidRecord, .invalidRecord), (.clockDrift, .clockSkew),
    ])
    func aRefusedRecordIsThePeersFaultAndNotWorthRetrying(code: ReplicaError.Code, wire: ErrorCode) {
        let error = ReplicaError(code, "record \"t-1\": the reason", recordIDs: ["t-1"])
        #expect(error.refusesTheRecords)
        let told = SyncError(replica: error)
        #expect(told.code == wire)
        #expect(!told.retryable)
        #expect(told.message == "batch refused, nothing applied: record \"t-1\": the reason")
        #expect(told.recordIDs == ["t-1"])
    }

    @Test func aRecordOfATypeTheDatasetDoesNotHoldIsNotADatasetOfAnotherKind() {
        // The wire's kindMismatch says the dataset exists with another kind; a replica's is about one record.
        let told = SyncError(replica: ReplicaError(.kindMismatch, "a person does not belong in an election dataset"))
        #expect(told.code != .kindMismatch)
    }

    @Test func theServersOwnFailuresAreRetryableAndNotTheRecordsFault() {
        for code in [ReplicaError.Code.storage, .diskFull] {
            let error = ReplicaError(code, "SQLite error 10 at /srv/tally/.tally/replica.sqlite")
            #expect(!error.refusesTheRecords)
            let told = SyncError(replica: error)
            #expect(told.code == .internal)
            #expect(told.retryable)
        }
        // The server's path means nothing to the client.
        #expect(!SyncError(replica: ReplicaError(.diskFull, "/srv/tally: full")).message.contains("/srv"))
    }
}
