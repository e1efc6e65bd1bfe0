#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The group of source addresses that the per-address limits before authentication count together
/// (`ConnectionAdmission`'s `--max-unauthenticated-per-address`, `BadTokenLimiter`; Protocol.md §8.1): an IPv4
/// address is its own group; an IPv6 address counts as its /64, since one client is given a whole /64 and can
/// pick any address in it; an IPv4-mapped IPv6 address (`::ffff:192.0.2.7`, an IPv4 client of a dual-stack
/// socket) is the IPv4 address it maps.
public enum AddressGroup {
    /// The group key of `address` (an IP address as a socket reports it, without port): `192.0.2.7` for IPv4 and
    /// IPv4-mapped IPv6, `2001:db8:1:2::/64` for any IPv6 address of that /64 (a zone such as `%eth0` dropped).
    /// Anything that is not an IP address is its own group, as given.
    public static func key(_ address: String) -> String {
        let host = address.split(separator: "%", maxSplits: 1).first.map(String.init) ?? address
        guard host.contains(":") else { return address }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, host, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        for index in 8..<16 { bytes[index] = 0 }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, bytes, &text, socklen_t(text.count)) != nil else { return address }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/64"
    }
}
