#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read with plain `read(2)` calls, closed when the source is released.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let closesOnRelease: Bool
    private let path: String

    /// Opens the file at `path` for reading.
    public init(path: String) throws(RecordError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw RecordError(.readFailed, "cannot open \(RecordError.quoted(path)): \(FileByteSource.lastError())")
        }
        self.descriptor = descriptor
        self.closesOnRelease = true
        self.path = path
    }

    /// Reads an open descriptor, such as 0 for standard input; closes it on release only if `closesOnRelease`.
    public init(fileDescriptor: Int32, closesOnRelease: Bool = false) {
        self.descriptor = fileDescriptor
        self.closesOnRelease = closesOnRelease
        self.path = "file descriptor \(fileDescriptor)"
    }

    deinit {
        if closesOnRelease { _ = close(descriptor) }
    }

    /// Reads the next bytes; retries on `EINTR`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(RecordError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Darwin)
                let count = Darwin.read(descriptor, base, buffer.count)
            #elseif canImport(Musl)
                let count = Musl.read(descriptor, base, buffer.count)
            #else
                let count = Glibc.read(descriptor, base, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw RecordError(.readFailed, "cannot read \(RecordError.quoted(path)): \(FileByteSource.lastError())")
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
