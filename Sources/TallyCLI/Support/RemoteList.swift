import Wire
import Foundation
import Records
import Transport

/// The named remotes of a replica, kept in `DIR/.tally/remotes` as `NAME<TAB>URL` lines.
struct RemoteList {
    private(set) var entries: [(name: String, url: String)] = []
    private let file: URL

    init(directory: String) throws {
        file = URL(fileURLWithPath: directory).appendingPathComponent(".tally/remotes")
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let text = try String(contentsOf: file, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { entries.append((String(parts[0]), String(parts[1]))) }
        }
    }

    func url(named name: String) -> String? {
        entries.first { $0.name == name }?.url
    }

    mutating func add(name: String, url: String) throws {
        guard name.range(of: "^[A-Za-z0-9._-]{1,64}$", options: .regularExpression) != nil else {
            throw CLIError("remote name \"\(name)\" must be 1-64 of A-Z a-z 0-9 . _ -")
        }
        guard RemoteURL(url) != nil else { throw CLIError("\(url) is not tally://HOST:PORT or tallys://HOST:PORT") }
        guard self.url(named: name) == nil else { throw CLIError("remote \(name) exists already") }
        entries.append((name, url))
        try save()
    }

    mutating func remove(name: String) throws {
        guard self.url(named: name) != nil else { throw CLIError("no remote named \(name)") }
        entries.removeAll { $0.name == name }
        try save()
    }

    /// Resolves `REMOTE-or-URL`: a URL as is, a name through the list; no argument means the only remote or
    /// the one called `origin`.
    func resolve(_ argument: String?) throws -> RemoteURL {
        let text: String
        if let argument {
            text =
                argument.contains("://")
                ? argument : try url(named: argument).orThrow("no remote named \(argument) (see tally remote add)")
        } else if entries.count == 1 {
            text = entries[0].url
        } else if let origin = url(named: "origin") {
            text = origin
        } else {
            throw CLIError("name a remote or a URL (no default remote: add one called origin)")
        }
        guard let url = RemoteURL(text) else {
            throw CLIError("\(text) is not tally://HOST:PORT or tallys://HOST:PORT")
        }
        return url
    }

    private func save() throws {
        let text = entries.map { "\($0.name)\t\($0.url)\n" }.joined()
        try AtomicFile.write(Array(text.utf8), to: file.path)
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw CLIError(message) }
        return value
    }
}
