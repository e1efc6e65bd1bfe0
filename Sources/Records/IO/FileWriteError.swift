/// A file could not be written: the destination is a directory, the folder is missing or read-only, the disk is
/// full. The message is one plain sentence that names the file and says what to do.
public struct FileWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The destination the caller asked for.
    public var path: String
    /// The sentence to show the user.
    public var message: String

    /// Makes an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// The sentence a user reads.
    public var description: String { message }
}
