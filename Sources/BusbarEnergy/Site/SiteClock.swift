import Foundation

/// Local wall-clock positions of instants in the site's time zone: schedules and base-load
/// profiles are written in local time, so a slot's window comes from the calendar (DST-correct).
public struct SiteClock: Sendable {
    private let calendar: Calendar

    /// A clock for the IANA zone `timezone`.
    public init(timezone: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        self.calendar = calendar
    }

    /// Minutes since Monday 00:00 local time (0 ..< 10080).
    public func minuteOfWeek(_ date: Date) -> Int {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let mondayBased = ((parts.weekday ?? 2) + 5) % 7
        return mondayBased * 1440 + (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    /// The local window [start, end) of `[from, to)` in minutes of the week, end > start; a window
    /// across a DST change keeps its real length.
    public func window(from: Date, to: Date) -> (start: Int, end: Int) {
        let start = minuteOfWeek(from)
        let length = max(1, Int(((to.timeIntervalSince(from)) / 60).rounded(.up)))
        return (start, start + length)
    }

    /// "HH:MM" → minutes of the day.
    public static func minutes(_ text: String) -> Int {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : 0
    }

    /// Whether the weekly windows of a schedule (days, from, to) meet the local window.
    public static func overlaps(days: [String]?, from: String, to: String, window: (start: Int, end: Int)) -> Bool {
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        let dayIndices = days.map { $0.compactMap { names.firstIndex(of: $0) } } ?? Array(0..<7)
        let start = minutes(from)
        var end = minutes(to)
        if end <= start { end += 1440 }
        for day in dayIndices {
            // The window may wrap the end of the week: test it and its copy a week earlier/later.
            for shift in [-10080, 0, 10080] {
                let a = day * 1440 + start + shift
                let b = day * 1440 + end + shift
                if a < window.end && window.start < b { return true }
            }
        }
        return false
    }
}
