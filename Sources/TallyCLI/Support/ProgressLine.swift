import Foundation
import Synchronization
import Wire

/// A one-line progress display on stderr, shown only when stderr is a terminal: what is done, the total when it
/// is known, the rate, and the time left (`pull fr: 114000/500001 records, 25000/s, 15s left`). Redrawn at most
/// ten times a second; never written into stdout or into a file or pipe.
final class ProgressLine: Sendable {
    private struct State {
        var subject = ""
        var started = ContinuousClock.now
        var drawn: ContinuousClock.Instant?
        var visible = false
    }

    /// `false` when stderr is not a terminal: every call is then a no-op.
    let enabled: Bool
    private let state = Mutex(State())

    /// A line shown when stderr is a terminal (or when `enabled` says so).
    init(enabled: Bool = isatty(2) == 1) {
        self.enabled = enabled
    }

    /// Shows `done` (of `total`, when not 0) `unit` for `verb subject`.
    func update(_ verb: String, _ subject: String, _ done: UInt64, total: UInt64 = 0, unit: String = "records") {
        guard enabled else { return }
        let now = ContinuousClock.now
        let text: String? = state.withLock { state in
            if state.subject != "\(verb) \(subject)" {
                state.subject = "\(verb) \(subject)"
                state.started = now
                state.drawn = nil
            }
            if let drawn = state.drawn, now - drawn < .milliseconds(100), done < total || total == 0 { return nil }
            state.drawn = now
            state.visible = true
            return ProgressLine.render(
                state.subject, done: done, total: total, unit: unit, elapsed: now - state.started)
        }
        if let text { FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8)) }
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        let visible = state.withLock { state in
            defer { state.visible = false }
            return state.visible
        }
        if visible { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    /// The text of the line: `SUBJECT: DONE[/TOTAL] UNIT[, RATE/s][, ETA left]`.
    static func render(_ subject: String, done: UInt64, total: UInt64, unit: String, elapsed: Duration) -> String {
        var text = "\(subject): \(done)" + (total > 0 ? "/\(total)" : "") + " \(unit)"
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard seconds >= 0.5, done > 0 else { return text }
        let rate = Double(done) / seconds
        text += ", \(Int(rate.rounded()))/s"
        if total > done {
            let left = Int((Double(total - done) / rate).rounded(.up))
            text +=
                ", "
                + (left >= 3600
                    ? "\(left / 3600)h\(left % 3600 / 60)m" : left >= 60 ? "\(left / 60)m\(left % 60)s" : "\(left)s")
                + " left"
        }
        return text
    }
}
