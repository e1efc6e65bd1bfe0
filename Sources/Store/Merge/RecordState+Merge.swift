public import Wire

extension RecordState {
    /// `true` when the record shows in `conflicts`: liveness in conflict, or a live record with a field in conflict.
    package var isListedAsConflicted: Bool {
        if RecordState.isConflicted(liveness) { return true }
        return !isDeleted && fields.contains { RecordState.isConflicted($0.writes) }
    }

    /// The merge of two copies of one record: the state that has seen every write either copy has seen.
    ///
    /// Each field, and the liveness register, is a multi-value register whose causal context is the record's
    /// version vector (VV). A write is identified by its dot `(clock, site)`. For a field `f` (a field missing
    /// on one side is an empty set of writes):
    /// - a write `w` of `self` is kept if `other` holds the same dot, or if `other.versionVector` does not
    ///   cover `w` (`other` has not seen it yet);
    /// - a write `w` of `other` is kept if `self` holds the same dot, or if `self.versionVector` does not cover `w`;
    /// - a write one side covers but does not hold was superseded there, so it is dropped;
    /// - the kept writes are put in canonical order, winner first (highest `(clock, site)`); a field left with no
    ///   writes is dropped.
    ///
    /// The version vector of the result is the pointwise maximum. Two or more kept writes with different values
    /// are an open conflict; it lives in the state, so it syncs and converges like everything else.
    ///
    /// The merge is commutative, associative and idempotent, so replicas that have seen the same writes hold
    /// byte-identical states whatever the order, duplication or interruption of their exchanges.
    ///
    /// Both copies must have the same id and type (the store refuses a type change before merging); if the
    /// types differ, the higher type code is kept so the function stays commutative.
    public func merged(with other: RecordState) -> RecordState {
        let liveness = RecordState.mergeWrites(liveness, versionVector, other.liveness, other.versionVector)
        var fields: [Field] = []
        fields.reserveCapacity(Swift.max(self.fields.count, other.fields.count))
        var left = 0
        var right = 0
        let lhs = self.fields
        let rhs = other.fields
        while left < lhs.count || right < rhs.count {
            let name: String
            let leftWrites: [FieldWrite]
            let rightWrites: [FieldWrite]
            if right == rhs.count || (left < lhs.count && lhs[left].name < rhs[right].name) {
                name = lhs[left].name
                leftWrites = lhs[left].writes
                rightWrites = []
                left += 1
            } else if left == lhs.count || rhs[right].name < lhs[left].name {
                name = rhs[right].name
                leftWrites = []
                rightWrites = rhs[right].writes
                right += 1
            } else {
                name = lhs[left].name
                leftWrites = lhs[left].writes
                rightWrites = rhs[right].writes
                left += 1
                right += 1
            }
            let writes = RecordState.mergeWrites(leftWrites, versionVector, rightWrites, other.versionVector)
            if !writes.isEmpty { fields.append(Field(name: name, writes: writes)) }
        }
        return RecordState(
            id: id,
            type: Swift.max(type, other.type),
            versionVector: versionVector.merged(with: other.versionVector),
            liveness: liveness,
            fields: fields
        )
    }

    /// Merges two multi-value registers with their causal contexts (see `merged(with:)`).
    package static func mergeWrites(
        _ left: [FieldWrite],
        _ leftContext: VersionVector,
        _ right: [FieldWrite],
        _ rightContext: VersionVector
    ) -> [FieldWrite] {
        if left == right { return left }
        var kept: [FieldWrite] = []
        kept.reserveCapacity(left.count + right.count)
        for write in left where !rightContext.covers(write) || right.contains(dot: write) {
            kept.append(write)
        }
        for write in right where !leftContext.covers(write) || left.contains(dot: write) {
            kept.append(write)
        }
        return canonical(kept)
    }
}

extension [FieldWrite] {
    /// `true` when a write with the same `(clock, site)` dot is in the array.
    func contains(dot write: FieldWrite) -> Bool {
        contains { $0.clock == write.clock && $0.site == write.site }
    }
}
