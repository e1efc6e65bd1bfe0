import Crypto
public import NIOSSL

/// How a client decides to trust a `tallys://` server.
public enum ClientTrust: Sendable {
    /// The system's trust store, with host name verification.
    case systemDefault
    /// Certificates signed by the CA(s) in this PEM file, with host name verification.
    case certificateAuthority(path: String)
    /// Exactly the server certificate whose DER encoding has this SHA-256 digest (`--pin sha256:HEX`).
    case pinned(sha256: [UInt8])

    /// The pinned digest, if any.
    var pinnedDigest: [UInt8]? {
        if case .pinned(let digest) = self { return digest }
        return nil
    }

    /// `true` when the server's name must match its certificate.
    var verifiesHostname: Bool {
        if case .pinned = self { return false }
        return true
    }

    /// Parses `sha256:HEX` (64 hex digits).
    public static func pin(_ text: String) -> ClientTrust? {
        guard text.hasPrefix("sha256:") else { return nil }
        let hex = Array(text.dropFirst("sha256:".count).utf8)
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < hex.count {
            guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
            index += 2
        }
        return .pinned(sha256: bytes)
    }

    /// The SHA-256 pin of a certificate, as `sha256:HEX`.
    public static func pinText(of certificate: NIOSSLCertificate) throws -> String {
        let der = try certificate.toDERBytes()
        return "sha256:"
            + SHA256.hash(data: der).map { byte in
                let digits = String(byte, radix: 16)
                return byte < 16 ? "0" + digits : digits
            }.joined()
    }

    /// The sentence for a trust setting whose files cannot be loaded.
    var loadFailure: String {
        switch self {
        case .certificateAuthority(let path):
            "cannot load the CA certificate \(path); give a PEM file (--ca)"
        case .systemDefault, .pinned:
            "cannot set up TLS: the system's trusted certificates cannot be loaded; pass --ca FILE or --pin"
        }
    }

    func makeContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch self {
        case .systemDefault:
            break
        case .certificateAuthority(let path):
            configuration.trustRoots = .file(path)
        case .pinned:
            // The pin is checked by the handler's verification callback (ChannelPipelines), which replaces chain
            // validation; host names are not checked because the pin names the certificate exactly.
            configuration.certificateVerification = .noHostnameVerification
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
