/// The raw figures of one run of the main scenario (`Runner.scenario`), each baseline measured in the same run.
/// Seconds, records per second, bytes.
struct ScenarioFigures {
    /// Rows of the dataset.
    var records = 0
    /// The store's physical limit (`limit` child: issue 9's sqlite-limit.c), and the state blob size it used.
    var limitRate = 0.0
    var stateBytes = 0
    /// The NDJSON of the dataset, raw and under `gzip -6`.
    var ndjsonBytes = 0
    var gzipBytes = 0
    /// `tally import` of the NDJSON into a new store.
    var importSeconds = 0.0
    /// The cold pull of the whole dataset into an empty replica, and its bytes on the wire (both directions).
    var coldSeconds = 0.0
    var coldWire = 0
    /// The push of the whole dataset into an empty server.
    var pushSeconds = 0.0
    var pushRecords = 0
    /// Sync batches applied into an empty store, and into the pulled one (new rows from another site).
    var applyEmptyRate = 0.0
    var applyPopulatedRate = 0.0
    var applyPopulatedRecords = 0
    /// `git clone` of the NDJSON export over `git daemon`: time, bytes of the received pack.
    var gitSeconds = 0.0
    var gitBytes = 0
    /// The edit of `deltaRecords` rows on the server, then the delta pull of them, its bytes on the wire, and the
    /// `gzip -6` size of those rows' NDJSON.
    var editSeconds = 0.0
    var deltaRecords = 0
    var deltaSeconds = 0.0
    var deltaWire = 0
    var deltaGzip = 0
    /// `rsync -a` from an rsync daemon updating a copy of the export after the same edit.
    var rsyncSeconds = 0.0
    /// `tally export` of the whole dataset (NDJSON).
    var exportSeconds = 0.0
    /// In-process sessions: the first sync (pull + push) after the cold pull, and the no-op syncs.
    var firstSyncSeconds = 0.0
    var noopSeconds: [Double] = []
    /// The `tally sync` figures (`CLISyncRunner`).
    var cli = CLISyncRunner.Figures()
    /// Peak RSS of the server once the cold pull is done, and of the cold-pulling client.
    var serverPeak = 0
    var clientPeak = 0
}
