import Wire
import ArgumentParser
import Foundation
import Transport

/// The options of every verb that talks to a server.
struct NetworkOptions: ParsableArguments {
    @Argument(help: "A remote name (tally remote add) or a URL: tally://HOST:PORT, tallys://HOST:PORT.")
    var remote: String?

    @Option(name: .customLong("dataset"), help: "A dataset to sync (repeatable; default: all).")
    var datasets: [String] = []

    @Option(name: .customLong("token-file"), help: "A file holding the access token.")
    var tokenFile: String?

    @Option(name: .customLong("ca"), help: "PEM file of the CA that signed the server's certificate (tallys://).")
    var caFile: String?

    @Option(name: .customLong("pin"), help: "Trust exactly the server certificate with this digest: sha256:HEX.")
    var pin: String?

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

    func trust() throws -> ClientTrust {
        if let pin {
            guard let trust = ClientTrust.pin(pin) else { throw CLIError("--pin takes sha256: and 64 hex digits") }
            return trust
        }
        if let caFile { return .certificateAuthority(path: caFile) }
        return .systemDefault
    }
}
