public import Wire

extension IncomingStates {
    /// What a store's engine refuses in a batch for `dataset` (of `kind`), whoever called it and whatever the gate
    /// checked: a type that does not belong in the kind (`.kindMismatch`), a state that could not have come from a
    /// real history (`.invalidRecord`, `historyProblem(with:)`), each naming the first such record. Returns the
    /// batch's highest clock and the record that carries it, for the clock to receive (`clockRefusal` names it).
    public static func engineCheck(_ records: [RecordState], in kind: DatasetKind, dataset: String)
        throws(ReplicaError) -> (highest: HLCTimestamp, latest: RecordState?)
    {
        var highest = HLCTimestamp.zero
        var latest: RecordState?
        for record in records {
            guard record.type.datasetKind == kind else {
                throw ReplicaError(
                    .kindMismatch,
                    "record \"\(record.id)\": type \(record.type.name) does not belong in \(kind.name) dataset "
                        + "\"\(dataset)\"", recordIDs: [record.id]
                )
            }
            if let problem = historyProblem(with: record) {
                throw ReplicaError(.invalidRecord, "record \"\(record.id)\": \(problem)", recordIDs: [record.id])
            }
            if record.versionVector.maxClock > highest {
                highest = record.versionVector.maxClock
                latest = record
            }
        }
        return (highest, latest)
    }

    /// The refusal of a batch of `dataset` whose highest clock, `clock` (carried by `record`), the store's clock
    /// refused with `error`: it names the record and the replica whose clock wrote it, since that clock or this
    /// machine's is wrong.
    public static func clockRefusal(
        _ error: ReplicaError, record: RecordState?, clock: HLCTimestamp, dataset: String
    ) -> ReplicaError {
        let writer = record?.versionVector.entries.first { $0.clock == clock }?.site.hex ?? "?"
        return ReplicaError(
            .clockDrift,
            "record \"\(record?.id ?? "")\" of \(dataset): \(error.message), written by replica \(writer.prefix(8)): "
                + "that replica's clock or this machine's is wrong; set it and retry"
        )
    }
}
