/// libpq's password file (`~/.pgpass`, or the file `PGPASSFILE` names): one line per server,
/// `host:port:database:username:password`, read as libpq reads it.
///
/// Each of the first four fields is a literal or `*` (any value); `\:` is a colon and `\\` a backslash inside a
/// field; the password ends at the first colon that is not escaped. Lines starting with `#` and lines with fewer
/// than five fields are skipped. The first line that matches the location gives the password. Whether the file
/// may be read at all (mode 0600 or stricter) is `PostgresPassword`'s business.
public struct PgPassFile: Hashable, Sendable {
    /// One line of the file.
    public struct Entry: Hashable, Sendable {
        /// The host, or `nil` for `*`.
        public var host: String?
        /// The port, or `nil` for `*`.
        public var port: String?
        /// The database, or `nil` for `*`.
        public var database: String?
        /// The user, or `nil` for `*`.
        public var user: String?
        /// The password.
        public var password: String

        /// Makes an entry; `nil` fields match anything.
        public init(host: String?, port: String?, database: String?, user: String?, password: String) {
            self.host = host
            self.port = port
            self.database = database
            self.user = user
            self.password = password
        }

        /// `true` when the entry is for `location`.
        public func matches(_ location: PostgresLocation) -> Bool {
            Self.field(host, matches: location.host) && Self.field(port, matches: String(location.port))
                && Self.field(database, matches: location.database) && Self.field(user, matches: location.user)
        }

        private static func field(_ field: String?, matches value: String) -> Bool {
            field.map { $0 == value } ?? true
        }
    }

    /// The entries, in file order.
    public var entries: [Entry]

    /// Parses the file's text.
    public init(parsing text: String) {
        entries = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.hasPrefix("#") { continue }
            if let entry = Self.entry(line) { entries.append(entry) }
        }
    }

    /// The password of the first entry for `location`, or `nil`.
    public func password(for location: PostgresLocation) -> String? {
        entries.first { $0.matches(location) }?.password
    }

    /// The entry of one line, or `nil` when it has fewer than five fields.
    private static func entry(_ line: Substring) -> Entry? {
        var fields: [(text: String, isWildcard: Bool)] = []
        var current = ""
        var escaped = false
        var hadEscape = false
        var characters = line.makeIterator()
        while fields.count < 4, let character = characters.next() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                hadEscape = true
            } else if character == ":" {
                fields.append((current, current == "*" && !hadEscape))
                current = ""
                hadEscape = false
            } else {
                current.append(character)
            }
        }
        guard fields.count == 4 else { return nil }
        // The password: the rest of the line up to the first colon that is not escaped, escapes taken out.
        var password = ""
        escaped = false
        while let character = characters.next() {
            if escaped {
                password.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                break
            } else {
                password.append(character)
            }
        }
        if escaped { password.append("\\") }
        let value = { (index: Int) -> String? in fields[index].isWildcard ? nil : fields[index].text }
        return Entry(host: value(0), port: value(1), database: value(2), user: value(3), password: password)
    }
}
