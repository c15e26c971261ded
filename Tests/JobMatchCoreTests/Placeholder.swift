import Testing
@testable import JobMatchCore
@Test func builds() { #expect(Bool(true)) }
