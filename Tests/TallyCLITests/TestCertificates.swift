import Foundation
import Testing

/// A test CA and two server certificates it signed, made with `openssl` in a workspace: one for the IP address
/// 127.0.0.1 (and nothing else), one for the name localhost (and nothing else). `leaf` makes more.
struct TestCertificates {
    let caCertificate: String
    let caKey: String
    let space: Workspace
    let ipCertificate: String
    let ipKey: String
    let nameCertificate: String
    let nameKey: String

    init(in space: Workspace) throws {
        self.space = space
        caCertificate = space.path("ca.pem")
        caKey = space.path("ca.key")
        try Self.makeCA(certificate: caCertificate, key: caKey)
        ipKey = space.path("ip.key")
        ipCertificate = space.path("ip.pem")
        try Self.leaf(
            subject: "127.0.0.1", alternativeName: "IP:127.0.0.1", key: ipKey, certificate: ipCertificate,
            caCertificate: caCertificate, caKey: caKey, space: space)
        nameKey = space.path("name.key")
        nameCertificate = space.path("name.pem")
        try Self.leaf(
            subject: "localhost", alternativeName: "DNS:localhost", key: nameKey, certificate: nameCertificate,
            caCertificate: caCertificate, caKey: caKey, space: space)
    }

    /// Another CA (`name`.pem, `name`.key), which signed none of the certificates above; returns its certificate.
    func otherCA(_ name: String) throws -> String {
        let certificate = space.path(name + ".pem")
        try Self.makeCA(certificate: certificate, key: space.path(name + ".key"))
        return certificate
    }

    /// One more server certificate signed by the CA, as (`name`.pem, `name`.key): for `subject` (its CN), with
    /// `alternativeName` as subjectAltName or none, valid for `days` from now (negative: it has expired).
    func leaf(_ name: String, subject: String, alternativeName: String?, days: Int = 2) throws -> (String, String) {
        let certificate = space.path(name + ".pem")
        let key = space.path(name + ".key")
        try Self.leaf(
            subject: subject, alternativeName: alternativeName, key: key, certificate: certificate,
            caCertificate: caCertificate, caKey: caKey, space: space, days: days)
        return (certificate, key)
    }

    private static func makeCA(certificate: String, key: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=Tally Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", key, "-out", certificate,
        ])
    }

    private static func leaf(
        subject: String, alternativeName: String?, key: String, certificate: String, caCertificate: String,
        caKey: String, space: Workspace, days: Int = 2
    ) throws {
        let request = certificate + ".csr"
        try openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=\(subject)", "-keyout", key, "-out", request,
        ])
        // openssl x509 -req adds no extension without -extfile: no alternative name is a certificate with a CN only.
        let extensions = try alternativeName.map {
            [
                "-extfile",
                try space.write((certificate as NSString).lastPathComponent + ".ext", "subjectAltName=\($0)\n"),
            ]
        }
        try openssl(
            [
                "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial", "-days",
                "\(days)", "-out", certificate,
            ] + (extensions ?? []))
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
    }
}
