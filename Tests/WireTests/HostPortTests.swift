import Testing
import Wire

/// `HOST:PORT` as URLs and flags write it.
@Suite struct HostPortTests {
    @Test func namesAddressesAndBracketedIPv6Split() throws {
        #expect(
            try HostPort(parsing: "db.example.org:6543", defaultPort: nil)
                == HostPort(host: "db.example.org", port: 6543))
        #expect(try HostPort(parsing: "127.0.0.1:0", defaultPort: nil) == HostPort(host: "127.0.0.1", port: 0))
        #expect(try HostPort(parsing: "[::1]:7", defaultPort: nil) == HostPort(host: "::1", port: 7))
        #expect(try HostPort(parsing: "[::1]", defaultPort: 7878) == HostPort(host: "::1", port: 7878))
        #expect(try HostPort(parsing: "localhost", defaultPort: 5432) == HostPort(host: "localhost", port: 5432))
    }

    @Test func whatIsNotAHostAndPortSaysWhy() {
        let cases: [(Substring, Int?, HostPort.Problem)] = [
            ("[::1", 1, .unclosedBracket), ("[::1]x", 1, .textAfterBracket), (":5", nil, .noHost),
            ("[]:5", nil, .noHost),
            ("h:x", nil, .badPort("x")), ("h:65536", nil, .badPort("65536")), ("h:", 1, .badPort("")),
            ("h", nil, .noPort),
        ]
        for (text, defaultPort, problem) in cases {
            #expect(throws: problem) { try HostPort(parsing: text, defaultPort: defaultPort) }
        }
    }
}
