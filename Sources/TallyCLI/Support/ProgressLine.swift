import Wire
import Foundation

/// A one-line progress display on stderr, shown only when stderr is a terminal.
struct ProgressLine: Sendable {
    let enabled: Bool

    init() {
        enabled = isatty(2) == 1
    }

    func update(_ verb: String, _ dataset: String, _ done: UInt64) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(verb) \(dataset): \(done) records".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
