import Sync
import Testing

/// `AddressGroup`: what the per-address limits before authentication count together (Protocol.md §8.1).
@Suite struct AddressGroupTests {
    @Test func anIPv4AddressIsItsOwnGroup() {
        #expect(AddressGroup.key("192.0.2.7") == "192.0.2.7")
        #expect(AddressGroup.key("192.0.2.8") != AddressGroup.key("192.0.2.7"))
    }

    @Test func everyIPv6AddressOfOneSlash64IsOneGroup() {
        let group = AddressGroup.key("2001:db8:1:2::1")
        #expect(group == "2001:db8:1:2::/64")
        #expect(AddressGroup.key("2001:db8:1:2:ffff:ffff:ffff:fffe") == group)
        #expect(AddressGroup.key("2001:0DB8:0001:0002:0000:0000:0000:0099") == group)
        #expect(AddressGroup.key("2001:db8:1:3::1") == "2001:db8:1:3::/64")
        #expect(AddressGroup.key("2001:db8::5") == "2001:db8::/64")
    }

    @Test func anIPv4MappedIPv6AddressIsTheIPv4AddressItMaps() {
        #expect(AddressGroup.key("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(AddressGroup.key("::ffff:c000:207") == "192.0.2.7")
        // Only the mapped form: an IPv6 address that merely ends in those bytes is an IPv6 /64.
        #expect(AddressGroup.key("64:ff9b::192.0.2.7") == "64:ff9b::/64")
    }

    @Test func aZoneIsDroppedAndLoopbackIsOneGroup() {
        #expect(AddressGroup.key("fe80::1%eth0") == "fe80::/64")
        #expect(AddressGroup.key("::1") == "::/64")
    }

    @Test func somethingThatIsNotAnIPAddressIsKeptAsGiven() {
        #expect(AddressGroup.key("unknown") == "unknown")
        #expect(AddressGroup.key("?") == "?")
        #expect(AddressGroup.key("2001:db8::zz") == "2001:db8::zz")
    }
}
