/// What applying `CarriedChanges` did.
public struct CarriedOutcome: Hashable, Sendable {
    /// What applying one batch did.
    public struct Batch: Hashable, Sendable {
        /// The batch's dataset.
        public var dataset: String
        /// Records in the batch.
        public var received: Int
        /// What the merge did.
        public var result: ApplyResult
        /// Whether the batch moved the cursor in the creator's feed forward.
        public var advancedCursor: Bool

        /// Makes a batch outcome.
        public init(dataset: String, received: Int, result: ApplyResult, advancedCursor: Bool) {
            self.dataset = dataset
            self.received = received
            self.result = result
            self.advancedCursor = advancedCursor
        }
    }

    /// The datasets created because the store lacked them, in the changes' order.
    public var created: [String] = []
    /// Every batch, in order.
    public var batches: [Batch] = []

    /// Makes an empty outcome.
    public init() {}
}
