/// A cited moment as the article wrote it, before any repair.
public struct CitedTime: Sendable, Hashable {
    /// Hours, minutes and seconds as written (`33:49:00` is 33, 49, 0).
    /// Two-field times (`14:12`) are minutes and seconds, with `hours` 0 and
    /// `hadHours` false.
    /// (Kept in 32 bits: a field has at most six digits, and a wiki ten
    /// times the shared corpus cites 6.9 million times, all held until Render.)
    public var hours: Int {
        get { Int(h) }
        set { h = Int32(clamping: newValue) }
    }
    public var minutes: Int {
        get { Int(m) }
        set { m = Int32(clamping: newValue) }
    }
    public var seconds: Int {
        get { Int(s) }
        set { s = Int32(clamping: newValue) }
    }
    public var hadHours: Bool
    private var h: Int32, m: Int32, s: Int32

    public init(hours: Int, minutes: Int, seconds: Int, hadHours: Bool) {
        (h, m, s) = (Int32(clamping: hours), Int32(clamping: minutes), Int32(clamping: seconds))
        self.hadHours = hadHours
    }

    /// The time read literally, as HH:MM:SS.
    public var literal: Int { hours * 3600 + minutes * 60 + seconds }

    /// The time as the article wrote it, fields padded (`33:49:00`, `14:12`).
    public var written: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return hadHours ? "\(two(hours)):\(two(minutes)):\(two(seconds))" : "\(two(minutes)):\(two(seconds))"
    }

    /// The time read as MM:SS:00 written in HH:MM:SS form (the hour field is
    /// really minutes), when the form allows it.
    public var asMinutes: Int? { hadHours && seconds == 0 ? hours * 60 + minutes : nil }
}

/// Reads the many ways articles write a time: `01:02:03`, `1:02:03`, `14:12`,
/// `01:00:13:00`, `2241`, `00:5:52`, with stray brackets or quotes around.
enum TimeReader {
    /// No subtitle track of these videos runs past this.
    static let cap = 4 * 3600

    /// Reads a time from the first time-like run of digits and colons in `text`.
    static func read(_ text: Substring) -> CitedTime? {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if isDigit(bytes[i]) {
                var fields: [Int] = []
                var current = 0
                var digits = 0
                var j = i
                while j < bytes.count, isDigit(bytes[j]) || bytes[j] == UInt8(ascii: ":") {
                    if bytes[j] == UInt8(ascii: ":") {
                        if digits == 0 { break }
                        fields.append(current)
                        current = 0
                        digits = 0
                    } else {
                        current = current * 10 + Int(bytes[j] - 0x30)
                        digits += 1
                        if digits > 6 { return nil }
                    }
                    j += 1
                }
                if digits > 0 { fields.append(current) }
                return make(fields)
            }
            i += 1
        }
        return nil
    }

    static func make(_ fields: [Int]) -> CitedTime? {
        var time: CitedTime
        switch fields.count {
        case 1:  // plain seconds
            let s = fields[0]
            guard s < 100_000 else { return nil }
            return CitedTime(hours: s / 3600, minutes: s / 60 % 60, seconds: s % 60, hadHours: false)
        case 2:
            time = CitedTime(hours: 0, minutes: fields[0], seconds: fields[1], hadHours: false)
        case 3, 4:
            // A fourth field is frames or a stray `:00`: the first three carry the time.
            time = CitedTime(hours: fields[0], minutes: fields[1], seconds: fields[2], hadHours: true)
        default:
            return nil
        }
        // Seconds or minutes of 60 to 99 are carried over (04:37:60 is 04:38:00);
        // beyond that the time cannot be read sensibly.
        guard time.seconds < 100, time.minutes < 100, time.hours < 1000 else { return nil }
        if time.seconds >= 60 {
            time.seconds -= 60
            time.minutes += 1
        }
        if time.minutes >= 60 && time.hadHours {
            time.minutes -= 60
            time.hours += 1
        }
        if time.minutes >= 60 && !time.hadHours {
            time = CitedTime(hours: time.minutes / 60, minutes: time.minutes % 60, seconds: time.seconds, hadHours: true)
        }
        return time
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `74` → `1:14`, `3723` → `1:02:03`.
    static func display(_ seconds: Int) -> String {
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 {
            let mm = m < 10 ? "0\(m)" : "\(m)"
            return "\(h):\(mm):\(ss)"
        }
        return "\(m):\(ss)"
    }
}
