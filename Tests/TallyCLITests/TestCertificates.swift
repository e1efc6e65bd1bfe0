import Foundation
import Testing

/// A test CA and two server certificates it signed, made with `openssl` in a workspace: one for the IP address
/// 127.0.0.1 (and nothing else), one for the name localhost (and nothing else).
struct TestCertificates {
    let caCertificate: String
    let ipCertificate: String
    let ipKey: String
    let nameCertificate: String
    let nameKey: String

    init(in space: Workspace) throws {
        caCertificate = space.path("ca.pem")
        let caKey = space.path("ca.key")
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=Tally Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", caKey, "-out", caCertificate,
        ])
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

    private static func leaf(
        subject: String, alternativeName: String, key: String, certificate: String, caCertificate: String,
        caKey: String, space: Workspace
    ) throws {
        let request = certificate + ".csr"
        try openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=\(subject)", "-keyout", key, "-out", request,
        ])
        let extensions = try space.write(
            (certificate as NSString).lastPathComponent + ".ext", "subjectAltName=\(alternativeName)\n")
        try openssl([
            "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
            "-extfile", extensions, "-out", certificate,
        ])
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
