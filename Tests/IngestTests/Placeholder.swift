import Testing
@testable import Ingest
@Test func builds() { #expect(Bool(true)) }
