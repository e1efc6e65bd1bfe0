import Store
import Sync

/// What applying a bundle did.
public struct BundleApplyReport: Sendable {
    /// What applying one dataset of a bundle did.
    public struct DatasetOutcome: Hashable, Sendable {
        /// The dataset.
        public var name: String
        /// Records in the bundle.
        public var received = 0
        /// Records whose local state changed.
        public var applied = 0
        /// Of `applied`, records this replica did not hold before (the rest were updates).
        public var new = 0
        /// Records this replica already held exactly.
        public var unchanged = 0
        /// Records that gained a conflict.
        public var newConflicts = 0
        /// Whether the cursor in the creator's feed moved forward.
        public var cursorAdvanced = false
    }

    /// The bundle's header and trailer.
    public var summary: BundleSummary
    /// Datasets created because the replica lacked them.
    public var created: [String] = []
    /// Per dataset, in bundle order.
    public var datasets: [DatasetOutcome] = []
    /// `true` when the bundle was made by this replica (nothing to apply).
    public var madeHere = false

    /// Makes an empty report.
    public init(summary: BundleSummary) {
        self.summary = summary
    }

    mutating func add(dataset: String, received: Int, result: ApplyResult, advanced: Bool) {
        if datasets.last?.name != dataset { datasets.append(DatasetOutcome(name: dataset)) }
        datasets[datasets.count - 1].received += received
        datasets[datasets.count - 1].applied += result.applied
        datasets[datasets.count - 1].new += result.created
        datasets[datasets.count - 1].unchanged += result.unchanged
        datasets[datasets.count - 1].newConflicts += result.newConflicts
        if advanced { datasets[datasets.count - 1].cursorAdvanced = true }
    }
}
