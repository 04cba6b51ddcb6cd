/// Times each stage of a build with a monotonic clock, in the order they ran.
struct StageTimer {
    var timings: [(stage: String, seconds: Double)] = []

    mutating func time<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try work()
        let elapsed = ContinuousClock.now - start
        timings.append((stage, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        return result
    }
}
