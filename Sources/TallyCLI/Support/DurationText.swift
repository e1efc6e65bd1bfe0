/// Durations as the CLI writes them: a whole number and a unit, `500ms`, `30s`, `5m`, `1h`, `1d`, or several
/// such parts run together (`1h30m`).
enum DurationText {
    static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var digits = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while let character = rest.first {
            if character.isASCII, character.isNumber {
                digits.append(character)
                rest = rest.dropFirst()
                continue
            }
            guard let number = Int64(digits), number >= 0 else { return nil }
            let unit: Duration
            if rest.hasPrefix("ms") {
                unit = .milliseconds(1)
                rest = rest.dropFirst(2)
            } else {
                switch character {
                case "s": unit = .seconds(1)
                case "m": unit = .seconds(60)
                case "h": unit = .seconds(3600)
                case "d": unit = .seconds(86400)
                default: return nil
                }
                rest = rest.dropFirst()
            }
            total += unit * number
            digits = ""
        }
        guard digits.isEmpty, total > .zero else { return nil }
        return total
    }
}
