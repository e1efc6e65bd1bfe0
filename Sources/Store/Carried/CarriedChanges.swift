public import Wire

/// Changes another replica wrote to a file (a bundle), for `RecordStore.applyCarried(_:)` to apply as a pull from
/// their creator would: whole, in ONE transaction, or not at all.
///
/// The carrier (the bundle reader) has checked every state already (`IncomingStates.problem`); the store still runs
/// the engine's checks (history, clock) as for any batch.
public struct CarriedChanges: Sendable {
    /// The replica that wrote the changes: they are applied as coming from it.
    public var creator: SiteID
    /// The replica the changes were written for, if one was named.
    public var target: SiteID?
    /// Every dataset the changes touch, in the carrier's order; missing ones are created with their kind.
    public var datasets: [CarriedDataset]
    /// Opens the batches, in the carrier's order. Called once, inside the store's transaction.
    public var batches: @Sendable () throws -> any CarriedBatches

    /// Makes a set of carried changes.
    public init(
        creator: SiteID, target: SiteID?, datasets: [CarriedDataset],
        batches: @escaping @Sendable () throws -> any CarriedBatches
    ) {
        self.creator = creator
        self.target = target
        self.datasets = datasets
        self.batches = batches
    }
}
