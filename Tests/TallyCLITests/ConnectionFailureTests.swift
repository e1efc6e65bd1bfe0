import Foundation
import Testing

/// What a user reads when the other end is not the server they meant: one plain line each, a distinct one per
/// cause, and the exit code that says whether running it again can help.
@Suite(.serialized) struct ConnectionFailureTests {
    static func emptyReplica(_ space: Workspace, _ name: String) throws -> String {
        let dir = space.path(name)
        try TallyProcess.run(["-C", dir, "init"])
        return dir
    }

    static func servedReplica(_ space: Workspace, extra: [String] = []) throws -> (Process, Int) {
        let dir = space.path("server")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        try TallyProcess.run(["-C", dir, "import", "fr", FileWriteTests.sample])
        let (process, port, _) = try TallyProcess.serve(directory: dir, extra: extra)
        return (process, port)
    }

    @Test func aRefusedConnectionIsOneLineAndRetryable() throws {
        let space = try Workspace()
        let result = try TallyProcess.run(["-C", try Self.emptyReplica(space, "a"), "pull", "tally://127.0.0.1:1"])
        #expect(result.status == 75)
        #expect(result.stderr == "tally: cannot connect to 127.0.0.1:1: connection refused; is tally serve running?\n")
    }

    @Test func aSilentServerFailsWithinTheTimeout() throws {
        let space = try Workspace()
        let listener = try FakeListener(.silent)
        let started = Date()
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tally://127.0.0.1:\(listener.port)", "--timeout", "1s",
        ])
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(result.status == 75)
        #expect(
            result.stderr
                == "tally: 127.0.0.1:\(listener.port) accepted the connection but said nothing within 1s; is it a "
                + "Tally server? (raise --timeout if it is slow)\n")
    }

    @Test func mirrorOnceHonoursTheTimeout() throws {
        let space = try Workspace()
        let listener = try FakeListener(.silent)
        let started = Date()
        let result = try TallyProcess.run([
            "-C", space.path("mirror"), "mirror", "tally://127.0.0.1:\(listener.port)", "--every", "1m", "--once",
            "--timeout", "1s",
        ])
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(result.status == 75)
        #expect(result.stderr.contains("said nothing within 1s"), "\(result.stderr)")
    }

    @Test func anHTTPServerIsNotATallyServer() throws {
        let space = try Workspace()
        let listener = try FakeListener(.answer(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)))
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tally://127.0.0.1:\(listener.port)", "--timeout", "5s",
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "tally: 127.0.0.1:\(listener.port) is not a Tally server (it answers HTTP); check the address and "
                + "port\n")
    }

    @Test func plaintextToATLSPortSaysUseTallys() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (server, port) = try Self.servedReplica(
            space, extra: ["--tls-cert", certificates.ipCertificate, "--tls-key", certificates.ipKey])
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tally://127.0.0.1:\(port)",
        ])
        #expect(result.status == 1)
        #expect(result.stderr == "tally: 127.0.0.1:\(port) expects TLS; use tallys://127.0.0.1:\(port)\n")
    }

    @Test func tlsToAPlaintextPortSaysUseTally() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (server, port) = try Self.servedReplica(space)
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://127.0.0.1:\(port)", "--ca",
            certificates.caCertificate,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("tally: "))
        #expect(result.stderr.contains("use tally://127.0.0.1:\(port)"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("retry"))
    }

    @Test func aCertificateSignedForAnIPAddressIsTrustedThroughTheCA() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (server, port) = try Self.servedReplica(
            space, extra: ["--tls-cert", certificates.ipCertificate, "--tls-key", certificates.ipKey])
        defer { server.terminate() }
        let pulled = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://127.0.0.1:\(port)", "--ca",
            certificates.caCertificate,
        ])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout.contains("pull fr: received 33"))
    }

    @Test func aCertificateSignedForANameIsTrustedByNameOnly() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (server, port) = try Self.servedReplica(
            space, extra: ["--tls-cert", certificates.nameCertificate, "--tls-key", certificates.nameKey])
        defer { server.terminate() }
        let pulled = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://localhost:\(port)", "--ca",
            certificates.caCertificate,
        ])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let byAddress = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "b"), "pull", "tallys://127.0.0.1:\(port)", "--ca",
            certificates.caCertificate,
        ])
        #expect(byAddress.status == 1)
        #expect(byAddress.stderr.contains("is not for 127.0.0.1"))
    }

    @Test func aPinThatDoesNotMatchSaysSo() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (server, port) = try Self.servedReplica(
            space, extra: ["--tls-cert", certificates.ipCertificate, "--tls-key", certificates.ipKey])
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://127.0.0.1:\(port)", "--pin",
            "sha256:" + String(repeating: "0", count: 64),
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "tally: the certificate of 127.0.0.1:\(port) does not match --pin; check the SHA-256 digest of "
                + "its DER form\n")
    }

    @Test func anUntrustedCertificateSaysHowToTrustIt() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (server, port) = try Self.servedReplica(
            space, extra: ["--tls-cert", certificates.ipCertificate, "--tls-key", certificates.ipKey])
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://127.0.0.1:\(port)",
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "tally: the certificate of 127.0.0.1:\(port) is not trusted; pass --ca FILE with the CA that "
                + "signed it, or --pin sha256:HEX\n")
    }

    @Test func aCertificateWithoutSubjectAltNameIsRefusedForAName() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (certificate, key) = try certificates.leaf("cn-only", subject: "localhost", alternativeName: nil)
        let (server, port) = try Self.servedReplica(space, extra: ["--tls-cert", certificate, "--tls-key", key])
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://localhost:\(port)", "--ca",
            certificates.caCertificate,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "tally: the certificate of localhost names it only in its common name (CN), not in a "
                + "subjectAltName; the server's operator must reissue it with subjectAltName DNS:localhost\n")
    }

    @Test func anExpiredCertificateSaysItExpired() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let (certificate, key) = try certificates.leaf(
            "expired", subject: "127.0.0.1", alternativeName: "IP:127.0.0.1", days: -1)
        let (server, port) = try Self.servedReplica(space, extra: ["--tls-cert", certificate, "--tls-key", key])
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://127.0.0.1:\(port)", "--ca",
            certificates.caCertificate,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("tally: the certificate of 127.0.0.1:\(port) expired on "), "\(result.stderr)")
        #expect(result.stderr.hasSuffix(" UTC; the server's operator must renew it\n"), "\(result.stderr)")
    }

    @Test func aCertificateFromAnotherCANamesTheCAFile() throws {
        let space = try Workspace()
        let certificates = try TestCertificates(in: space)
        let other = try certificates.otherCA("other-ca")
        let (server, port) = try Self.servedReplica(
            space, extra: ["--tls-cert", certificates.ipCertificate, "--tls-key", certificates.ipKey])
        defer { server.terminate() }
        let result = try TallyProcess.run([
            "-C", try Self.emptyReplica(space, "a"), "pull", "tallys://127.0.0.1:\(port)", "--ca", other,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "tally: the certificate of 127.0.0.1:\(port) is not signed by the CA in \(other); pass --ca FILE "
                + "with the CA that signed it, or --pin sha256:HEX\n")
    }

    @Test func caOrPinWithAPlainURLIsAUsageError() throws {
        let space = try Workspace()
        let replica = try Self.emptyReplica(space, "a")
        let withCA = try TallyProcess.run(["-C", replica, "pull", "tally://127.0.0.1:1", "--ca", "ca.pem"])
        #expect(withCA.status == 64)
        #expect(
            withCA.stderr == "tally: --ca is for TLS, but tally://127.0.0.1:1 is plain TCP; use tallys://127.0.0.1:1\n")
        let withPin = try TallyProcess.run([
            "-C", replica, "push", "tally://127.0.0.1:1", "--pin", "sha256:" + String(repeating: "0", count: 64),
        ])
        #expect(withPin.status == 64)
    }
}
