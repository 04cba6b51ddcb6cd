import Foundation

/// Times each stage of a build with a monotonic clock, in the order they ran,
/// and tells a progress display (if any) which stage has started.
struct StageTimer {
    var timings: [(stage: String, seconds: Double)] = []
    /// The process's resident memory after each stage, in bytes (where the
    /// system reports it), for `--timings`.
    var resident: [Int] = []
    var progress: BuildProgress?

    mutating func time<T>(_ stage: String, items: (count: Int, noun: String)? = nil, _ work: () throws -> T) rethrows -> T {
        if let progress {
            let number = (BuildProgress.stages.firstIndex(of: stage) ?? timings.count) + 1
            progress.stageStarted(stage, number, BuildProgress.stages.count, items)
        }
        let start = ContinuousClock.now
        let result = try work()
        let elapsed = ContinuousClock.now - start
        timings.append((stage, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        if let bytes = Self.residentBytes() { resident.append(bytes) }
        return result
    }

    /// Resident memory now, from `/proc/self/statm` (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
