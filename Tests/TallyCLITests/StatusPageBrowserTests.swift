import Foundation
import Testing

/// The status page in a real headless browser (Debian's chromium, which scripts/setup.sh installs when missing),
/// after a real sync that made a conflict. The screenshot is kept in `.build/test-artifacts/status-page.png`.
@Suite(.serialized) struct StatusPageBrowserTests {
    /// The chromium binary; when it is missing, scripts/setup.sh is run once to install it.
    static let chromium: String? = {
        if let found = findChromium() { return found }
        let setup = Process()
        setup.executableURL = URL(fileURLWithPath: "/bin/bash")
        setup.arguments = [packageRoot.appendingPathComponent("scripts/setup.sh").path]
        setup.standardOutput = FileHandle.nullDevice
        setup.standardError = FileHandle.nullDevice
        try? setup.run()
        setup.waitUntilExit()
        return findChromium()
    }()

    static let packageRoot = Workspace.fixtures.deletingLastPathComponent()

    static func findChromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs chromium headless on `url` with `arguments`; returns its stdout and stderr. Killed after 90 s.
    static func browse(_ url: String, _ arguments: [String], profile: String) throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        process.arguments =
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(profile)", "--window-size=1200,900", "--virtual-time-budget=5000",
            ] + arguments + [url]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: watchdog)
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed and scripts/setup.sh could not install it"))
    func statusPageShowsTheDatasetsAndTheConflictWithNoConsoleErrors() throws {
        let space = try Workspace()
        let scenario = try ConflictScenario.run(in: space)
        let page = scenario.server.url("/")

        // The page's DOM once its script has read /api/status, and every console message it caused.
        let (dom, log) = try Self.browse(
            page, ["--enable-logging=stderr", "--v=0", "--dump-dom"], profile: space.path("chromium-dom"))
        let consoleLines = log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleLines.isEmpty, "console messages: \(consoleLines)")
        #expect(dom.contains(#"<div id="errors" role="alert"></div>"#), "the page shows an error:\n\(dom)")
        #expect(dom.contains(#"<tr data-dataset="fr">"#), "\(dom)")
        #expect(dom.contains(#"data-dataset="fr" data-conflicts="1""#), "\(dom)")
        #expect(dom.contains("<strong>fr</strong>"))
        #expect(dom.contains("Recent transfers"))
        #expect(dom.contains("push → server"))
        #expect(dom.contains("pull ← server"))
        #expect(dom.contains("refreshes every 3 s"))
        #expect(!dom.contains(scenario.token))

        // A screenshot a person can look at, kept as the test's artefact.
        let artifacts = Self.packageRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("status-page.png")
        try? FileManager.default.removeItem(at: screenshot)
        _ = try Self.browse(page, ["--screenshot=\(screenshot.path)"], profile: space.path("chromium-shot"))
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 10_000)
        print("status page screenshot: \(screenshot.path)")
    }
}
