import BusbarStorage
import Foundation
import Testing

@Suite struct IdTokenStoreTests {
    @Test func upsertedTokenReadsBackAndKeepsItsCreationDate() async throws {
        let store = try await makeStore(station: nil)
        let first = try await store.upsertIdToken(
            IdTokenRecord(
                idToken: "04A1B2C3", type: "ISO14443", status: "Accepted", expiresAt: instant(100), groupId: "fleet"))
        #expect(try await store.idToken("04A1B2C3", type: "ISO14443") == first)
        #expect(first.expiresAt == instant(100))
        #expect(first.groupId == "fleet")

        let second = try await store.upsertIdToken(
            IdTokenRecord(idToken: "04A1B2C3", type: "ISO14443", status: "Blocked"))
        #expect(second.createdAt == first.createdAt)
        #expect(second.status == "Blocked")
        #expect(second.expiresAt == nil)
        #expect(try await store.idTokens() == [second])
    }

    @Test func tokenLookUpIgnoresCaseAsOCPPRequires() async throws {
        let store = try await makeStore(station: nil)
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "abcDEF", type: "Central"))
        let found = try #require(try await store.idToken("ABCdef", type: "Central"))
        #expect(found.idToken == "abcDEF")
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "ABCDEF", type: "Central", status: "Expired"))
        let all = try await store.idTokens()
        #expect(all.count == 1)
        #expect(all.first?.status == "Expired")
    }

    @Test func sameTokenWithAnotherTypeIsAnotherEntry() async throws {
        let store = try await makeStore(station: nil)
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "T1", type: "Central"))
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "T1", type: "eMAID"))
        #expect(try await store.idTokens().map(\.type) == ["Central", "eMAID"])
        #expect(try await store.idToken("T1", type: "KeyCode") == nil)
    }

    @Test func deletingATokenRemovesItAndAMissingOneIsNotFound() async throws {
        let store = try await makeStore(station: nil)
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "T1", type: "Central"))
        try await store.deleteIdToken("t1", type: "Central")
        #expect(try await store.idTokens().isEmpty)
        let error = await #expect(throws: StorageError.self) { try await store.deleteIdToken("T1", type: "Central") }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("T1/Central") == true)
    }

    @Test func invalidTokensAreRejected() async throws {
        let store = try await makeStore(station: nil)
        let long = await #expect(throws: StorageError.self) {
            try await store.upsertIdToken(IdTokenRecord(idToken: String(repeating: "9", count: 37), type: "Central"))
        }
        #expect(long?.code == .invalid)
        let type = await #expect(throws: StorageError.self) {
            try await store.upsertIdToken(IdTokenRecord(idToken: "T", type: "iso14443"))
        }
        #expect(type?.code == .invalid)
        #expect(type?.message.contains("ISO14443") == true)
    }
}
