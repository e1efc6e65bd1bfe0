import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the password of a PostgreSQL store comes from, in order: an explicit password file (its first line),
/// `PGPASSWORD`, then libpq's password file (`PGPASSFILE`, or `~/.pgpass`; `PgPassFile`). No password at all is
/// fine for a server that asks for none (trust or peer authentication).
///
/// libpq's password file is ignored, with a warning, unless it is a regular file with mode 0600 or stricter: a
/// file others can read is not a secret. An explicit password file the user named must be readable, or the open
/// fails.
public enum PostgresPassword {
    /// The password for `location`, or `nil` when no source has one; `environment` defaults to the process's. `warn` hears each source that was passed
    /// over and why (one plain line each). Throws when `passwordFile` cannot be read or is empty.
    public static func resolve(
        for location: PostgresLocation,
        passwordFile: String? = nil,
        environment: [String: String]? = nil,
        warn: (String) -> Void = { _ in }
    ) throws(PostgresLocationError) -> String? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw PostgresLocationError("cannot read the password file \(passwordFile): check its path and mode")
            }
            let text = String(decoding: data, as: UTF8.self)
            let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""
            guard !line.isEmpty else {
                throw PostgresLocationError(
                    "the password file \(passwordFile) is empty: put the password on its first line")
            }
            return String(line)
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        guard let path = passFilePath(environment) else { return nil }
        return readablePassFile(path, warn: warn)?.password(for: location)
    }

    /// libpq's password file: `PGPASSFILE`, else `~/.pgpass`.
    static func passFilePath(_ environment: [String: String]) -> String? {
        if let path = environment["PGPASSFILE"], !path.isEmpty { return path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".pgpass")
    }

    /// The password file at `path`, or `nil` when there is none or it may not be used (`warn` says why).
    static func readablePassFile(_ path: String, warn: (String) -> Void) -> PgPassFile? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            warn("the password file \(path) is not a plain file: it is ignored")
            return nil
        }
        guard status.st_mode & (S_IRWXG | S_IRWXO) == 0 else {
            warn(
                "the password file \(path) can be read by others: it is ignored until you run chmod 600 \(path)")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            warn("cannot read the password file \(path): it is ignored")
            return nil
        }
        return PgPassFile(parsing: String(decoding: data, as: UTF8.self))
    }
}
