public import Sync

/// One upstream to mirror: where, which datasets, how often, with what credentials.
public struct MirrorJob: Sendable {
    /// The upstream server.
    public var url: RemoteURL
    /// The datasets to pull; empty means every dataset the upstream lets us read.
    public var datasets: [String]
    /// Time between the starts of two successful runs.
    public var every: Duration
    /// How to trust the upstream's certificate (`tallys://`).
    public var trust: ClientTrust
    /// The token to present, if the upstream wants one.
    public var token: String?
    /// Session options (batch size, window).
    public var options: SessionOptions
    /// The node name sent in HELLO.
    public var nodeName: String
    /// How long to wait for the upstream (`--timeout`).
    public var timeouts: ClientTimeouts

    /// Makes a job.
    public init(
        url: RemoteURL, datasets: [String] = [], every: Duration, trust: ClientTrust = .systemDefault,
        token: String? = nil, options: SessionOptions = SessionOptions(), nodeName: String = "tally-mirror",
        timeouts: ClientTimeouts = ClientTimeouts()
    ) {
        self.timeouts = timeouts
        self.url = url
        self.datasets = datasets
        self.every = every
        self.trust = trust
        self.token = token
        self.options = options
        self.nodeName = nodeName
    }
}
