import Wire
import Foundation

/// Writes what a verb reports: text for people, JSON with `--json`.
enum Output {
    static func line(_ text: String) {
        print(text)
    }

    static func json(_ value: JSONText) {
        print(value.rendered)
    }

    /// A note on stderr (progress, hints), never mixed into stdout.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
