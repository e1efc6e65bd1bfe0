/// Why a strict JSON reader stopped: a message and the 0-based byte offset in the line or document.
struct JSONSyntaxError: Error {
    var message: String
    var offset: Int

    /// As a `RecordError`, offsets shown 1-based as columns.
    func recordError(line: Int?) -> RecordError {
        RecordError(.malformedJSON, "\(message) at column \(offset + 1)", line: line)
    }
}
