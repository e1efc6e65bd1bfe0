#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source of physical time in Unix milliseconds. Injectable so tests can move time at will.
public struct WallClock: Sendable {
    private let read: @Sendable () -> UInt64

    /// A clock that calls `read` for the current Unix time in milliseconds.
    public init(_ read: @escaping @Sendable () -> UInt64) {
        self.read = read
    }

    /// The current Unix time in milliseconds.
    public func milliseconds() -> UInt64 { read() }

    /// The system's real-time clock.
    public static let system = WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(max(0, spec.tv_sec)) * 1_000 + UInt64(max(0, spec.tv_nsec)) / 1_000_000
    }
}
