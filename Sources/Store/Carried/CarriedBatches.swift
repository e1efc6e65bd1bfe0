/// The batches of `CarriedChanges`, read one at a time (a bundle is streamed from its file, never loaded whole).
///
/// Used by one transaction, from start to end; not shared.
public protocol CarriedBatches {
    /// The next batch, or `nil` after the last. Throws when the carrier cannot read it; the store's transaction
    /// then rolls back.
    mutating func next() throws -> CarriedBatch?
}
