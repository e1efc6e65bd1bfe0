/// A store URL or password source that cannot be used, said in one plain line that says what to do.
public struct PostgresLocationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sentence.
    public var message: String

    /// Makes an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The sentence.
    public var description: String { message }
}
