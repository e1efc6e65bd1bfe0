#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way Tally writes a file: into a temporary file in the destination's folder, flushed to disk, then
/// renamed over the destination, so a reader sees the old file or the new one and never half of one.
///
/// A destination that is a directory is refused before anything is written. After any failure (or `discard`)
/// the temporary file is removed and the destination is untouched.
public final class AtomicFile {
    /// The destination.
    public let path: String
    /// The temporary file written until `commit`.
    public let temporaryPath: String
    private var descriptor: Int32
    /// Bytes written so far.
    public private(set) var size: UInt64 = 0

    /// Opens a temporary file beside `path`. Throws `FileWriteError` when `path` is a directory or the folder
    /// cannot be written.
    public init(path: String) throws(FileWriteError) {
        try AtomicFile.refuseDirectory(path)
        self.path = path
        let folder = AtomicFile.folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var descriptor: Int32 = -1
        var candidate = ""
        for _ in 0..<16 {
            candidate = folder + "/." + name + "." + String(UInt32.random(in: 0...UInt32.max), radix: 16) + ".tmp"
            descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw AtomicFile.failure(path, errno) }
        // A replaced file keeps its permissions (a token file stays private).
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
        self.descriptor = descriptor
        self.temporaryPath = candidate
    }

    deinit {
        if descriptor >= 0 { discard() }
    }

    /// Appends `bytes` to the temporary file. On failure the temporary file is removed.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
        guard descriptor >= 0 else { throw FileWriteError(path: path, message: "cannot write \(path): already closed") }
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            #if canImport(Darwin)
                let count = Darwin.write(descriptor, base + offset, bytes.count - offset)
            #elseif canImport(Musl)
                let count = Musl.write(descriptor, base + offset, bytes.count - offset)
            #else
                let count = Glibc.write(descriptor, base + offset, bytes.count - offset)
            #endif
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                discard()
                throw AtomicFile.failure(path, code)
            }
            offset += count
        }
        size += UInt64(bytes.count)
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: [UInt8]) throws(FileWriteError) {
        let failure = bytes.withUnsafeBytes { raw -> FileWriteError? in
            do throws(FileWriteError) {
                try write(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Flushes the temporary file to disk and renames it over the destination. On failure nothing is renamed
    /// and the temporary file is removed.
    public func commit() throws(FileWriteError) {
        guard descriptor >= 0 else { throw FileWriteError(path: path, message: "cannot write \(path): already closed") }
        if fsync(descriptor) != 0 {
            let code = errno
            discard()
            throw AtomicFile.failure(path, code)
        }
        _ = close(descriptor)
        descriptor = -1
        // Checked again: a directory may have appeared while the file was written.
        do {
            try AtomicFile.refuseDirectory(path)
        } catch {
            _ = unlink(temporaryPath)
            throw error
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            _ = unlink(temporaryPath)
            throw AtomicFile.failure(path, code)
        }
        // Make the rename itself durable.
        let folderDescriptor = open(AtomicFile.folder(of: path), O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            _ = close(folderDescriptor)
        }
    }

    /// Gives up: closes and removes the temporary file, leaving the destination as it was.
    public func discard() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
        _ = unlink(temporaryPath)
    }

    /// Replaces the file at `path` with `bytes`, atomically. A file that already holds exactly `bytes` is left
    /// alone (a write equal to the current value is no write).
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        if let current = contents(of: path), current == bytes { return }
        let file = try AtomicFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// The bytes of a regular file, or `nil` when it does not exist or cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    private static func refuseDirectory(_ path: String) throws(FileWriteError) {
        var status = stat()
        if path.isEmpty || (stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR) {
            throw FileWriteError(path: path, message: "\(path) is a directory; give a file name")
        }
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = path[..<slash]
        return folder.isEmpty ? "/" : String(folder)
    }

    private static func failure(_ path: String, _ code: Int32) -> FileWriteError {
        if code == ENOSPC || code == EDQUOT {
            return FileWriteError(
                path: path, message: "the disk is full writing \(path); free some space and try again")
        }
        let reason: String
        switch code {
        case ENOENT: reason = "its folder does not exist; create it first"
        case EACCES, EPERM, EROFS: reason = "permission denied; choose a folder you can write to"
        case EISDIR: reason = "it is a directory; give a file name"
        default: reason = String(cString: strerror(code)).lowercased()
        }
        return FileWriteError(path: path, message: "cannot write \(path): \(reason)")
    }
}
