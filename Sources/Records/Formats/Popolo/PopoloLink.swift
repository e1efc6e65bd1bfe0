/// A source as a Popolo link: a URL as `{"url": ...}`, any other citation (`AFP`, `TASS https://...`) as
/// `{"note": ...}`, so that the text reads back unchanged.
enum PopoloLink {
    /// The link object of a source.
    static func tree(for source: String) -> JSONTree {
        let isURL =
            (source.hasPrefix("https://") || source.hasPrefix("http://"))
            && !source.unicodeScalars.contains { $0.properties.isWhitespace }
        return .members([(isURL ? "url" : "note", .string(source))])
    }

    /// The source a link stands for: its `url`, else its `note`.
    static func source(of node: JSONNode) throws(RecordError) -> String {
        _ = try node.members()
        if let url = try node.string("url") { return url }
        guard let text = try node.string("note") else {
            throw node.error(.missingField, "a link needs a \"url\" or a \"note\"")
        }
        return text
    }
}
