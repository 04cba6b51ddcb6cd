import Dispatch
import Foundation

/// What a running build tells its caller: the stage that just started, its
/// place in the pipeline and how many things it works on.
public struct BuildProgress: Sendable {
    public var stageStarted: @Sendable (_ stage: String, _ number: Int, _ stages: Int, _ items: (count: Int, noun: String)?) -> Void
    public var finished: @Sendable () -> Void

    public init(stageStarted: @escaping @Sendable (String, Int, Int, (count: Int, noun: String)?) -> Void,
                finished: @escaping @Sendable () -> Void = {}) {
        self.stageStarted = stageStarted
        self.finished = finished
    }

    /// The stages of `Builder.pipeline`, in order.
    static let stages = ["load", "parse", "sanitize", "link", "dedup", "timestamps", "graph", "render", "search", "write"]
}

/// The one-line display of a build on a terminal: after the first second
/// (a quick build shows nothing), `wikisite: [8/10] render · 36,616 pages · 9.1 s`
/// rewritten in place ten times a second, and erased when the build ends so
/// the summary starts on a clean line. Silent when standard error is not a
/// terminal (CI logs, pipes, files).
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let started = ContinuousClock.now
    private var text = ""
    private var shown = false
    private var timer: DispatchSourceTimer?

    /// A display on standard error, or nil when standard error is not a terminal.
    public static func onTerminal() -> ProgressLine? {
        guard isatty(2) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        return ProgressLine()
    }

    private init() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 1, repeating: 0.1)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        self.timer = timer
    }

    public var progress: BuildProgress {
        BuildProgress(stageStarted: { [self] stage, number, stages, items in
            lock.withLock {
                text = "[\(number)/\(stages)] \(stage)" + (items.map { " · \(Self.grouped($0.count)) \($0.noun)" } ?? "")
            }
        }, finished: { [self] in stop() })
    }

    /// Stops the display and erases the line it drew.
    public func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    private func draw() {
        lock.withLock {
            guard timer != nil, !text.isEmpty else { return }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            FileHandle.standardError.write(Data(("\r\u{1B}[Kwikisite: " + text + String(format: " · %.1f s", seconds)).utf8))
            shown = true
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
