import Foundation
import Records
import Wire

/// The site ids of the servers this replica has talked to, kept in `DIR/.tally/peers` as `URL<TAB>SITE` lines,
/// so `bundle create --since REMOTE` can find what that remote is known to hold.
struct PeerSites {
    private(set) var entries: [(url: String, site: SiteID)] = []
    private let file: URL

    init(directory: String) {
        file = URL(fileURLWithPath: directory).appendingPathComponent(".tally/peers")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2, let site = SiteID(hex: parts[1]) { entries.append((String(parts[0]), site)) }
        }
    }

    func site(of url: String) -> SiteID? {
        entries.last { $0.url == url }?.site
    }

    /// Remembers `site` for `url` (best effort: a failure to write only loses a hint).
    static func record(url: String, site: SiteID, directory: String) {
        var sites = PeerSites(directory: directory)
        guard sites.site(of: url) != site else { return }
        sites.entries.removeAll { $0.url == url }
        sites.entries.append((url, site))
        let text = sites.entries.map { "\($0.url)\t\($0.site.hex)\n" }.joined()
        try? AtomicFile.write(Array(text.utf8), to: sites.file.path)
    }
}
