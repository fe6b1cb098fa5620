import Foundation

/// When to stop verifying Basic-auth passwords for a while (A00 profiles 1 and 2): each wrong
/// password adds to a score per station id and per source address, the score halves every
/// `halfLife`, and once it reaches `freeFailures` the key is held for a delay that doubles with
/// every further failure up to `maximumDelay`. While held, an attempt is answered at once
/// without running PBKDF2 and without counting — so a burst of guesses costs the guesser time,
/// not the CSMS CPU, and the right password is back in within `maximumDelay` of the last
/// verified failure. A pure value: the authenticator keeps one behind a lock and passes the clock.
struct AuthenticationBackoff: Sendable {
    /// What is held: a station identity or a client address.
    enum Key: Hashable, Sendable {
        case station(String)
        case address(String)
    }

    /// The tuning; the defaults are justified on each field.
    struct Policy: Sendable {
        /// Five wrong passwords in a row are a typo or a stale configuration, not an attack.
        var freeFailures = 5.0
        /// The first hold: short enough that a person retrying by hand barely notices.
        var firstDelay = Duration.milliseconds(250)
        /// A few seconds: a guesser gets under one try per second per key, and a station
        /// whose operator just fixed its password reconnects within its usual retry back-off.
        var maximumDelay = Duration.seconds(4)
        /// A minute: a misconfigured station retrying every 30–60 s never reaches the threshold.
        var halfLife = Duration.seconds(60)
        /// Bounds the memory a spray over many ids or addresses can take; beyond it the
        /// faintest entries are forgotten first.
        var maximumKeys = 10_000
    }

    /// A key just reached a new level of back-off, for the security log: `failures` is its
    /// score, `delay` what each further wrong password now costs.
    struct Escalation: Sendable, Hashable {
        let key: Key
        let failures: Int
        let delay: Duration
    }

    private struct Entry: Sendable {
        var score: Double
        var lastFailure: ContinuousClock.Instant
        /// The highest level reported; levels are 0 at the threshold, 1 at twice it, …
        var reportedLevel: Int?
    }

    let policy: Policy
    private var entries: [Key: Entry] = [:]

    init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// How long `key` is still held at `now`, or nil when a password may be verified.
    func retryAfter(_ key: Key, now: ContinuousClock.Instant) -> Duration? {
        guard let entry = entries[key] else { return nil }
        let score = decayed(entry, now: now)
        guard score >= policy.freeFailures else { return nil }
        let remaining = entry.lastFailure + delay(forScore: score) - now
        return remaining > .zero ? remaining : nil
    }

    /// Counts a wrong password for `key`; returns an escalation when the key reached a new level.
    mutating func recordFailure(_ key: Key, now: ContinuousClock.Instant) -> Escalation? {
        var entry = entries[key] ?? Entry(score: 0, lastFailure: now, reportedLevel: nil)
        entry.score = decayed(entry, now: now) + 1
        entry.lastFailure = now
        var escalation: Escalation?
        if entry.score < policy.freeFailures {
            entry.reportedLevel = nil
        } else {
            let level = Int((entry.score / policy.freeFailures).log2.rounded(.down))
            if level > (entry.reportedLevel ?? -1) {
                entry.reportedLevel = level
                escalation = Escalation(key: key, failures: Int(entry.score.rounded()), delay: delay(forScore: entry.score))
            }
        }
        if entries[key] == nil, entries.count >= policy.maximumKeys { forgetFaintest(now: now) }
        entries[key] = entry
        return escalation
    }

    /// A verified password clears its key: the failures were the station's own, now fixed.
    mutating func recordSuccess(_ key: Key) {
        entries[key] = nil
    }

    /// The number of keys tracked, for tests of the memory bound.
    var trackedKeys: Int { entries.count }

    private func decayed(_ entry: Entry, now: ContinuousClock.Instant) -> Double {
        let elapsed = (now - entry.lastFailure) / policy.halfLife
        return elapsed > 0 ? entry.score * (0.5 as Double).power(elapsed) : entry.score
    }

    private func delay(forScore score: Double) -> Duration {
        let doublings = max(0, score - policy.freeFailures)
        guard doublings < 30 else { return policy.maximumDelay }
        return min(policy.maximumDelay, policy.firstDelay * (2 as Double).power(doublings))
    }

    private mutating func forgetFaintest(now: ContinuousClock.Instant) {
        let faint = entries.filter { decayed($0.value, now: now) < 1 }.map(\.key)
        for key in faint { entries[key] = nil }
        if entries.count >= policy.maximumKeys,
            let faintest = entries.min(by: { decayed($0.value, now: now) < decayed($1.value, now: now) })?.key
        {
            entries[faintest] = nil
        }
    }
}

extension Double {
    fileprivate var log2: Double { Foundation.log2(self) }
    fileprivate func power(_ exponent: Double) -> Double { Foundation.pow(self, exponent) }
}
