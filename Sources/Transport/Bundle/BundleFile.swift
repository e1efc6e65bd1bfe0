import Foundation

/// An open bundle file: its handle, the size of its body (everything before the trailer) and its trailer. The
/// handle closes when the last user lets go.
final class BundleFile {
    /// The open file.
    let handle: FileHandle
    /// Bytes before the trailer.
    let bodySize: UInt64
    /// The trailer, read from the file's end.
    let trailer: BundleTrailer

    init(handle: FileHandle, bodySize: UInt64, trailer: BundleTrailer) {
        self.handle = handle
        self.bodySize = bodySize
        self.trailer = trailer
    }

    deinit { try? handle.close() }
}
