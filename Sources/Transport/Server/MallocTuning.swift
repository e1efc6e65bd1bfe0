#if canImport(Glibc)
    import CMalloc
#endif
import Foundation

/// How the server process asks glibc's allocator to give memory back (docs/operations.md, "Memory").
///
/// A server's memory comes in bursts: a decoded push batch, a pull batch's stored encodings, a frame in flight,
/// allocated on whichever event-loop, cooperative or store thread runs, and freed soon after, often on another.
/// Left to its defaults glibc keeps up to 8 arenas per core, each holding on to what was freed into it, and raises
/// its mmap threshold as large blocks are freed, so that later large blocks come from those arenas too and stay
/// there. With 50 pushers and 50 pullers the process then holds far more than it uses: a heap peak of about 170 MB
/// showed as 259-280 MiB of resident memory. Two arenas and a fixed mmap threshold of 256 KiB (a block that large
/// is mapped for itself and unmapped when freed) gave 193 MiB twice (BENCHMARKS.md, "Load").
public struct MallocTuning: Sendable, Hashable {
    /// Most malloc arenas (`M_ARENA_MAX`); 0 leaves glibc's default.
    public var arenas: Int
    /// Blocks of at least this many bytes are mapped on their own (`M_MMAP_THRESHOLD`); 0 leaves glibc's
    /// default, a threshold that grows as large blocks are freed.
    public var mmapThreshold: Int

    /// The server's default: 2 arenas, 256 KiB.
    public static let server = MallocTuning(arenas: 2, mmapThreshold: 256 << 10)
    /// glibc's defaults, untouched.
    public static let untouched = MallocTuning(arenas: 0, mmapThreshold: 0)

    /// Makes a tuning.
    public init(arenas: Int, mmapThreshold: Int) {
        self.arenas = arenas
        self.mmapThreshold = mmapThreshold
    }

    /// Applies the tuning to this process. A setting the environment makes (`MALLOC_ARENA_MAX`,
    /// `MALLOC_MMAP_THRESHOLD_`, as glibc reads them) is left to rule.
    func apply() {
        #if canImport(Glibc)
            let environment = ProcessInfo.processInfo.environment
            if arenas > 0, environment["MALLOC_ARENA_MAX"] == nil {
                _ = mallopt(M_ARENA_MAX, Int32(clamping: arenas))
            }
            if mmapThreshold > 0, environment["MALLOC_MMAP_THRESHOLD_"] == nil {
                _ = mallopt(M_MMAP_THRESHOLD, Int32(clamping: mmapThreshold))
            }
        #endif
    }
}
