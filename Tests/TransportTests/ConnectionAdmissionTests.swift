import Testing

@testable import Transport

/// `ConnectionAdmission`'s per-address limit counts an IPv6 client's whole /64 (and an IPv4-mapped address as the
/// IPv4 address): a stranger cannot take more unauthenticated slots by picking new addresses in its /64.
@Suite struct ConnectionAdmissionTests {
    static func admission(perAddress: Int) -> ConnectionAdmission {
        ConnectionAdmission(maxConnections: 100, maxUnauthenticated: 50, maxUnauthenticatedPerAddress: perAddress)
    }

    @Test func connectionsFromOneSlash64ShareOneAddressLimitAndAnotherSlash64HasItsOwn() throws {
        let admission = Self.admission(perAddress: 2)
        _ = try admission.admit(address: "2001:db8:1:2::1").get()
        _ = try admission.admit(address: "2001:db8:1:2::2").get()
        let refused = admission.admit(address: "2001:db8:1:2:9999::3")
        #expect(throws: ConnectionAdmission.Refusal.tooManyUnauthenticatedFrom("2001:db8:1:2::/64")) {
            try refused.get()
        }
        #expect(
            ConnectionAdmission.Refusal.tooManyUnauthenticatedFrom("2001:db8:1:2::/64").message
                == "too many connections from 2001:db8:1:2::/64 are still authenticating; close some or retry later")
        _ = try admission.admit(address: "2001:db8:1:3::1").get()
        #expect(admission.connections == 3)
    }

    @Test func anIPv4MappedAddressCountsAsTheIPv4Address() throws {
        let admission = Self.admission(perAddress: 1)
        _ = try admission.admit(address: "192.0.2.7").get()
        #expect(throws: ConnectionAdmission.Refusal.tooManyUnauthenticatedFrom("192.0.2.7")) {
            try admission.admit(address: "::ffff:192.0.2.7").get()
        }
    }

    @Test func aSlotOfTheSlash64IsFreedWhenOneOfItsConnectionsAuthenticatesOrEnds() throws {
        let admission = Self.admission(perAddress: 2)
        let first = try admission.admit(address: "2001:db8:1:2::1").get()
        let second = try admission.admit(address: "2001:db8:1:2::2").get()
        admission.authenticated(first)
        let third = try admission.admit(address: "2001:db8:1:2::3").get()
        admission.release(second)
        _ = try admission.admit(address: "2001:db8:1:2::4").get()
        #expect(throws: ConnectionAdmission.Refusal.self) { try admission.admit(address: "2001:db8:1:2::5").get() }
        admission.release(third)
        admission.release(first)
        #expect(admission.connections == 1)
    }
}
