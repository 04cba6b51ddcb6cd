import Foundation

/// Times each stage of a build with a monotonic clock, in the order they ran,
/// and tells a progress display (if any) which stage has started.
struct StageTimer {
    var timings: [(stage: String, seconds: Double)] = []
    /// The process's resident memory after each stage, in bytes (where the
    /// system reports it), for `--timings`.
    var resident: [Int] = []
    /// The process's peak resident memory during each stage, in bytes (Linux:
    /// the high-water mark is reset as a stage starts).
    var peak: [Int] = []
    var progress: BuildProgress?
    /// Whether to reset and read the peak around each stage (see `BuildOptions.stagePeaks`).
    var measuresPeaks = false

    mutating func time<T>(_ stage: String, items: (count: Int, noun: String)? = nil, _ work: () throws -> T) rethrows -> T {
        if let progress {
            let number = (BuildProgress.stages.firstIndex(of: stage) ?? timings.count) + 1
            progress.stageStarted(stage, number, BuildProgress.stages.count, items)
        }
        let measuresPeak = measuresPeaks && Self.resetPeak()
        let start = ContinuousClock.now
        let result = try work()
        let elapsed = ContinuousClock.now - start
        timings.append((stage, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        if let bytes = Self.residentBytes() { resident.append(bytes) }
        if measuresPeak, let bytes = Self.peakBytes() { peak.append(bytes) }
        return result
    }

    /// Resident memory now, from `/proc/self/statm` (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Resets the process's peak resident memory (`/proc/self/clear_refs`,
    /// Linux 4.0 on); false where that cannot be done.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// Peak resident memory since the last reset (`VmHWM` in `/proc/self/status`).
    static func peakBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = Int(line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") else { return nil }
        return kB * 1024
    }
}
