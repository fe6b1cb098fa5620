import Testing

@testable import BusbarServer

/// The password back-off policy without sockets: a clock passed in, no waiting.
@Suite struct AuthenticationBackoffTests {
    private let start = ContinuousClock.now
    private let station = AuthenticationBackoff.Key.station("CS-1")

    @Test func theFirstFailuresAreFree() {
        var backoff = AuthenticationBackoff()
        for _ in 0..<4 {
            let escalation = backoff.recordFailure(station, now: start)
            #expect(escalation == nil)
        }
        #expect(backoff.retryAfter(station, now: start) == nil)
    }

    @Test func theHoldStartsAtTheThresholdAndDoublesUpToTheCap() throws {
        var backoff = AuthenticationBackoff()
        for _ in 0..<4 { _ = backoff.recordFailure(station, now: start) }
        let fifth = backoff.recordFailure(station, now: start)
        let escalation = try #require(fifth)
        #expect(escalation.failures == 5 && escalation.delay == .milliseconds(250))
        #expect(backoff.retryAfter(station, now: start) == .milliseconds(250))
        #expect(backoff.retryAfter(station, now: start + .milliseconds(251)) == nil)
        _ = backoff.recordFailure(station, now: start + .milliseconds(300))
        #expect(backoff.retryAfter(station, now: start + .milliseconds(300)).map { $0 > .milliseconds(490) } == true)
        for step in 0..<20 { _ = backoff.recordFailure(station, now: start + .seconds(1 + step)) }
        #expect(backoff.retryAfter(station, now: start + .seconds(20)) == .seconds(4), "capped at a few seconds")
        #expect(backoff.retryAfter(station, now: start + .seconds(24)) == nil, "the right password is in after the cap")
    }

    @Test func escalationsAreReportedPerLevelNotPerFailure() {
        var backoff = AuthenticationBackoff()
        let reported = (0..<40).compactMap { _ in backoff.recordFailure(station, now: start) }
        #expect(reported.map(\.failures) == [5, 10, 20, 40])
    }

    @Test func failuresDecayAndSuccessClears() {
        var backoff = AuthenticationBackoff()
        for _ in 0..<8 { _ = backoff.recordFailure(station, now: start) }
        #expect(backoff.retryAfter(station, now: start) != nil)
        // Three half-lives later the score is 1: below the threshold, nothing held.
        _ = backoff.recordFailure(station, now: start + .seconds(180))
        #expect(backoff.retryAfter(station, now: start + .seconds(180)) == nil)
        for _ in 0..<8 { _ = backoff.recordFailure(station, now: start) }
        backoff.recordSuccess(station)
        #expect(backoff.retryAfter(station, now: start) == nil)
    }

    @Test func keysAreIndependentAndBounded() {
        var backoff = AuthenticationBackoff(policy: .init(maximumKeys: 100))
        for _ in 0..<10 { _ = backoff.recordFailure(.address("192.0.2.1"), now: start) }
        #expect(backoff.retryAfter(.address("192.0.2.1"), now: start) != nil)
        #expect(backoff.retryAfter(.address("192.0.2.2"), now: start) == nil)
        #expect(backoff.retryAfter(station, now: start) == nil)
        for index in 0..<1_000 { _ = backoff.recordFailure(.station("spray-\(index)"), now: start) }
        #expect(backoff.trackedKeys <= 100)
        #expect(backoff.retryAfter(.address("192.0.2.1"), now: start) != nil, "the strongest key is kept")
    }
}
