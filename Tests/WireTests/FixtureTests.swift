import Foundation
import NIOCore
import Testing
import Wire

/// The golden vectors of Fixtures/frames: each decodes to the value of `Samples.fixtures` and re-encodes to the
/// same bytes. Run with `TALLY_WRITE_FIXTURES=1` to (re)write the .bin files from the samples.
@Suite struct FixtureTests {
    static let framesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/frames")
    static let writing = ProcessInfo.processInfo.environment["TALLY_WRITE_FIXTURES"] == "1"

    static func bytes(_ name: String, _ ext: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: framesDirectory.appendingPathComponent("\(name).\(ext)")))
    }

    /// The bytes of an annotated hex twin: hex pairs, `#` to end of line is a comment.
    static func hexTwin(_ name: String) throws -> [UInt8] {
        let text = try String(contentsOf: framesDirectory.appendingPathComponent("\(name).hex"), encoding: .utf8)
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in code.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                guard token.count == 2, let byte = UInt8(token, radix: 16) else {
                    Issue.record("\(name).hex: bad token \(token)")
                    continue
                }
                bytes.append(byte)
            }
        }
        return bytes
    }

    @Test(arguments: Samples.fixtures.map(\.name))
    func fixtureDecodesToItsValueAndReencodesToTheSameBytes(name: String) throws {
        let expected = try #require(Samples.fixtures.first { $0.name == name }?.message)
        // Fixture 11 is the compressed one; the others are shown as sent to a peer that did not agree to zlib,
        // so that their payloads can be read in the hex. Fixture 22 is a record batch as a version-3 peer sends it.
        let columns = FixtureTests.isColumns(name)
        let encoded = try FrameEncoder(allowsCompression: name.hasSuffix("compressed"), sendsRecordColumns: columns)
            .encodedBytes(expected)
        if FixtureTests.writing {
            try FileManager.default.createDirectory(at: FixtureTests.framesDirectory, withIntermediateDirectories: true)
            try Data(encoded).write(to: FixtureTests.framesDirectory.appendingPathComponent("\(name).bin"))
            return
        }
        let golden = try FixtureTests.bytes(name, "bin")
        let frames = try FrameDecoder(acceptsRecordColumns: columns).frames(in: ByteBuffer(bytes: golden))
        try #require(frames.count == 1)
        #expect(frames[0].type == (columns ? .recordColumns : expected.type))
        #expect(frames[0].flags.contains(.compressed) == name.hasSuffix("compressed"))
        #expect(try frames[0].message() == expected)
        #expect(encoded == golden)
        #expect(try FixtureTests.hexTwin(name) == golden, "the annotated twin \(name).hex differs from \(name).bin")
        #expect(try FixtureTests.protocolQuotes(name), "Protocol.md does not quote \(name).hex as it is")
    }

    /// `true` when Protocol.md quotes the annotated twin of `name` as it is: whole, or, when its marker says
    /// `lines=N`, its first N lines then one line naming the file that holds the rest (Fixtures/tools/quote.py).
    static func protocolQuotes(_ name: String) throws -> Bool {
        let root = framesDirectory.deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("Protocol.md"), encoding: .utf8)
        let twin = try String(contentsOf: framesDirectory.appendingPathComponent("\(name).hex"), encoding: .utf8)
        let block = { (marker: String, text: String) in "<!-- \(marker) -->\n```text\n\(text)```\n<!-- /fixture -->" }
        if document.contains(block("fixture \(name)", twin)) { return true }
        let opening = "<!-- fixture \(name) lines="
        guard let start = document.range(of: opening),
            let count = Int(document[start.upperBound...].prefix { $0.isNumber })
        else { return false }
        let lines = twin.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard count > 0, count < lines.count else { return false }
        let excerpt =
            lines.prefix(count).map { $0 + "\n" }.joined()
            + "# ... (\(lines.count - count) more lines: Fixtures/frames/\(name).hex)\n"
        return document.contains(block("fixture \(name) lines=\(count)", excerpt))
    }

    /// `true` for the fixture of the version-3 layout of a record batch (`RECORD_COLUMNS`).
    static func isColumns(_ name: String) -> Bool { name.hasSuffix("record-columns") }

    @Test func everyMessageTypeHasAFixture() {
        let covered = Set(Samples.fixtures.map { FixtureTests.isColumns($0.name) ? .recordColumns : $0.message.type })
        #expect(covered == Set(MessageType.allCases))
    }

    @Test func preambleFixtureIsTheMagicAndVersionOne() throws {
        if FixtureTests.writing {
            try Data(Preamble.bytes()).write(to: FixtureTests.framesDirectory.appendingPathComponent("00-preamble.bin"))
            return
        }
        let golden = try FixtureTests.bytes("00-preamble", "bin")
        #expect(golden == Preamble.bytes())
        #expect(try FixtureTests.hexTwin("00-preamble") == golden)
        #expect(try FixtureTests.protocolQuotes("00-preamble"))
        var buffer = ByteBuffer(bytes: golden)
        #expect(PreambleDecoder().decode(&buffer) == .ok(version: 1))
    }
}
