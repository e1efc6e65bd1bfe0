import Wire
import ArgumentParser
import Foundation
import Transport

/// The options of every verb that talks to a server.
struct NetworkOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "A remote name (tally remote add) or a URL: tally://HOST:PORT, tallys://HOST:PORT. Default: the only "
                + "remote, else the one named origin.",
            valueName: "remote"
        )
    )
    var remote: String?

    @Option(name: .customLong("dataset"), help: "A dataset to sync (repeatable; default: all).")
    var datasets: [String] = []

    @Option(name: .customLong("token-file"), help: "A file holding the access token.")
    var tokenFile: String?

    @Option(name: .customLong("ca"), help: "PEM file of the CA that signed the server's certificate (tallys://).")
    var caFile: String?

    @Option(name: .customLong("pin"), help: "Trust exactly the server certificate with this digest: sha256:HEX.")
    var pin: String?

    @Option(
        help: ArgumentHelp(
            "Give up on a server that does not answer within D: to connect, to finish the handshake, and in "
                + "silence during a transfer (default: 10s to connect and for the handshake, 60s in a transfer).",
            valueName: "D"
        )
    )
    var timeout: String?

    @Flag(help: "Compare whole datasets with the server (set reconciliation) before pulling, whatever the cursors say.")
    var reconcile = false

    func token() throws -> String? {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CLIError("cannot read the token file \(tokenFile)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CLIError("the token file \(tokenFile) is empty") }
            return token
        }
        if let token = ProcessInfo.processInfo.environment["TALLY_TOKEN"], !token.isEmpty { return token }
        return nil
    }

    /// The client's timeouts: `--timeout D` for every step, or the defaults.
    func timeouts() throws -> ClientTimeouts {
        guard let timeout else { return ClientTimeouts() }
        guard let limit = DurationText.parse(timeout) else {
            throw CLIError("--timeout takes a duration such as 500ms, 10s or 2m, not \(timeout)", status: .usage)
        }
        return ClientTimeouts(all: limit)
    }

    /// The server's URL and how to trust it. `--ca` and `--pin` are refused with a plain `tally://` URL: they
    /// would otherwise be ignored while the connection goes out unencrypted.
    func target(in remotes: RemoteList) throws -> (RemoteURL, ClientTrust) {
        let url = try remotes.resolve(remote)
        if !url.usesTLS, caFile != nil || pin != nil {
            throw CLIError(
                "--\(caFile != nil ? "ca" : "pin") is for TLS, but \(url) is plain TCP; use tallys://\(url.host):\(url.port)",
                status: .usage)
        }
        return (url, try trust())
    }

    func trust() throws -> ClientTrust {
        if let pin {
            guard let trust = ClientTrust.pin(pin) else { throw CLIError("--pin takes sha256: and 64 hex digits") }
            return trust
        }
        if let caFile { return .certificateAuthority(path: caFile) }
        return .systemDefault
    }
}
