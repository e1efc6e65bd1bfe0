/// Per record: for each site, the highest clock of that site's writes that this copy of the record has seen.
///
/// Entries are kept sorted by site, so equal vectors have equal encodings.
public struct VersionVector: Hashable, Sendable {
    /// `(site, clock)` pairs, sorted by site, no duplicate sites, no zero clocks.
    public private(set) var entries: [Entry]

    /// One site's highest seen clock.
    public struct Entry: Hashable, Sendable {
        /// The site.
        public var site: SiteID
        /// The highest clock seen from that site.
        public var clock: HLCTimestamp

        /// Makes an entry.
        public init(site: SiteID, clock: HLCTimestamp) {
            self.site = site
            self.clock = clock
        }
    }

    /// The empty vector: has seen nothing.
    public init() {
        entries = []
    }

    /// Builds a vector from pairs in any order; for a repeated site the highest clock is kept.
    public init(_ pairs: some Sequence<(SiteID, HLCTimestamp)>) {
        entries = []
        for (site, clock) in pairs { observe(site: site, clock: clock) }
    }

    /// Wraps entries already sorted by site, without duplicate sites or zero clocks (the decoder checks them).
    init(canonicalEntries entries: [Entry]) {
        self.entries = entries
    }

    /// The highest clock seen from `site`, or `.zero`.
    public subscript(site: SiteID) -> HLCTimestamp {
        guard let index = index(of: site) else { return .zero }
        return entries[index].clock
    }

    /// `true` when this vector has seen the write `(clock, site)`.
    public func covers(clock: HLCTimestamp, site: SiteID) -> Bool {
        self[site] >= clock
    }

    /// `true` when this vector has seen `write`.
    public func covers(_ write: FieldWrite) -> Bool {
        covers(clock: write.clock, site: write.site)
    }

    /// Raises the entry of `site` to `clock` if that is higher.
    public mutating func observe(site: SiteID, clock: HLCTimestamp) {
        guard clock > .zero else { return }
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].site < site { low = mid + 1 } else { high = mid }
        }
        if low < entries.count, entries[low].site == site {
            if entries[low].clock < clock { entries[low].clock = clock }
        } else {
            entries.insert(Entry(site: site, clock: clock), at: low)
        }
    }

    /// The pointwise maximum of two vectors.
    public func merged(with other: VersionVector) -> VersionVector {
        var result = self
        for entry in other.entries { result.observe(site: entry.site, clock: entry.clock) }
        return result
    }

    /// The highest clock of any site in the vector, or `.zero`.
    public var maxClock: HLCTimestamp {
        var highest = HLCTimestamp.zero
        for entry in entries where entry.clock > highest { highest = entry.clock }
        return highest
    }

    /// The position of `site` in `entries`, if present.
    public func index(of site: SiteID) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].site < site { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].site == site ? low : nil
    }
}
