/// Times each stage of a build with a monotonic clock, in the order they ran,
/// and tells a progress display (if any) which stage has started.
struct StageTimer {
    var timings: [(stage: String, seconds: Double)] = []
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
        return result
    }
}
