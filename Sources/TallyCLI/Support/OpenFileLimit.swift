#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's limit on open files (RLIMIT_NOFILE), which bounds the connections a server can hold.
enum OpenFileLimit {
    /// Files a server keeps open besides its connections: the replica's database, its WAL and journal, the HTTP
    /// side, mirrors, standard streams.
    static let reserve = 64

    /// Raises the soft limit so that `connections` connections fit beside `reserve` other files; throws one plain
    /// line when the hard limit is too low.
    static func ensure(connections: Int) throws {
        let needed = rlim_t(max(0, connections) + reserve)
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else { return }
        if limit.rlim_cur != unlimited, limit.rlim_cur < needed {
            guard limit.rlim_max == unlimited || limit.rlim_max >= needed else {
                throw CLIError(
                    "cannot serve \(connections) connections: this process may open at most \(limit.rlim_max) files; "
                        + "raise the limit (ulimit -n) or lower --max-connections"
                )
            }
            limit.rlim_cur = needed
            guard setrlimit(Self.resource, &limit) == 0 else {
                throw CLIError(
                    "cannot raise the open-file limit to \(needed) for \(connections) connections; "
                        + "raise it (ulimit -n) or lower --max-connections"
                )
            }
        }
    }

    /// `RLIM_INFINITY` (all bits set; Swift cannot import the C macro's value).
    private static let unlimited = rlim_t.max

    #if canImport(Glibc)
        private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
    #else
        private static var resource: Int32 { RLIMIT_NOFILE }
    #endif
}
