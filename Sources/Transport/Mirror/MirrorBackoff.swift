/// When to try again after failures: exponential backoff with jitter, up to a cap.
///
/// The n-th consecutive failure waits a random time in [d/2, d] where d = min(cap, base · 2^(n-1)); the cap is
/// min(every, 5 minutes), so a failing mirror retries at least as often as its schedule and never hammers.
public struct MirrorBackoff: Sendable {
    /// The first delay before jitter.
    public var base: Duration
    /// The longest delay.
    public var cap: Duration

    /// The backoff for a job run `every`.
    public init(every: Duration) {
        cap = min(every, .seconds(300))
        base = min(cap, .milliseconds(250))
    }

    /// Makes a backoff with explicit bounds.
    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = max(base, cap)
    }

    /// The wait after the `failures`-th consecutive failure (1 for the first).
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(failures, 1) - 1, 30)
        let full = min(cap, base * (1 << exponent))
        let fraction = Double.random(in: 0.5...1.0, using: &generator)
        return full * fraction
    }
}
