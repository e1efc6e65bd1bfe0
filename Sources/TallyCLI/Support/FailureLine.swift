import ArgumentParser
import Foundation
import Records
import Replica
import Store
import Sync
import Transport
import Wire

/// The one mapping from any error a verb can throw to what the user reads: one plain line and an exit status
/// (`ExitStatus`). Library errors that are already plain sentences keep their text; anything else (a raw system
/// or Foundation error) is said in words, never dumped.
enum FailureLine {
    /// The line (without the `tally: ` prefix) and the exit status for `error`.
    static func describe(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as TransportError:
            return CLIError(error.message, status: error.isRetryable ? .retryable : .refused)
        case let error as SyncError:
            return CLIError(error.message, status: error.retryable ? .retryable : .refused)
        case let error as ReplicaError:
            // A full disk needs a person to free space: running the command again as it is fails again.
            return CLIError(error.message, status: error.code == .storage ? .retryable : .refused)
        case let error as RecordError:
            return CLIError(error.description)
        case let error as FileWriteError:
            return CLIError(error.message)
        case let error as WireError:
            return CLIError("the data is not valid Tally protocol (\(error.code)): \(error.message)")
        case let error as CocoaError:
            return CLIError(cocoa(error))
        default:
            let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return CLIError("unexpected failure: \(text)")
        }
    }

    private static func cocoa(_ error: CocoaError) -> String {
        let path = error.filePath ?? "the file"
        switch error.code {
        case .fileWriteFileExists: return "\(path) exists already; remove it or give another name"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "\(path) does not exist"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied on \(path)"
        case .fileWriteOutOfSpace:
            return "the disk is full writing \(error.filePath ?? "standard output"); free some space and try again"
        case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "\(path) cannot be read as text"
        default: return "cannot read or write \(path)"
        }
    }
}
