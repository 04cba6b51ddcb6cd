import Foundation
import WikiSite

/// `wikisite serve`: builds the wiki into a temporary folder, serves it on
/// 127.0.0.1, and rebuilds when a file of the input or the templates changes.
///
/// A build that fails leaves the last good site served: its error goes to the
/// terminal and over every page (the reload script shows it, and pages sent
/// while it stands carry it). The next good build replaces the site in one
/// swap (Write's), and open pages reload.
public final class PreviewServer: @unchecked Sendable {
    public struct State: Sendable {
        /// Counts the good builds; a page reloads when it changes.
        public var generation = 0
        /// The last build's error, while it stands.
        public var error: String?
    }

    let options: BuildOptions
    let watcher: Watcher
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var state = State()

    /// - Parameter options: what to build; its output is the temporary folder served.
    public init(options: BuildOptions, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.watcher = Watcher(folders: [options.input] + (options.templates.map { [$0] } ?? []))
        self.log = log
    }

    public var current: State { lock.withLock { state } }

    /// Builds once; returns whether it succeeded.
    @discardableResult
    public func build() -> Bool {
        let start = ContinuousClock.now
        do {
            let report = try Builder.build(options)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            lock.withLock {
                state.generation += 1
                state.error = nil
            }
            for diagnostic in report.diagnostics where diagnostic.severity >= .warning { log(diagnostic.description) }
            log("wikisite serve: built \(report.articles) articles, \(report.pagesWritten) pages, \(report.warnings) warnings in "
                + String(format: "%.2f s", seconds))
            return true
        } catch {
            let message: String
            if let theme = error as? ThemeError, !theme.diagnostics.isEmpty {
                message = theme.description
            } else {
                message = "\(error)"
            }
            lock.withLock { state.error = message }
            log(message)
            log("wikisite serve: the build failed; " + (current.generation > 0 ? "still serving the last good site" : "no site to serve yet")
                + " (fix it and save: the page reloads)")
            return false
        }
    }

    /// Polls the watched folders and rebuilds when they change; never returns.
    public func watch(interval: Double = 0.25) -> Never {
        var last = watcher.fingerprint()
        while true {
            Thread.sleep(forTimeInterval: interval)
            let now = watcher.fingerprint()
            guard now != last else { continue }
            // An editor may save in steps: wait for the folder to settle a moment.
            Thread.sleep(forTimeInterval: 0.05)
            last = watcher.fingerprint()
            log("wikisite serve: change seen; rebuilding")
            build()
        }
    }

    /// Answers one request: the reload endpoints, or a file of the current site.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let state = current
        switch request.path {
        case LiveReload.statusPath:
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")],
                                body: Array(LiveReload.status(generation: state.generation, error: state.error).utf8))
        case LiveReload.scriptPath:
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8")],
                                body: Array(LiveReload.script.utf8))
        default:
            if state.generation == 0 {
                return HTTPResponse(status: 500, headers: [("Content-Type", "text/html; charset=utf-8")],
                                    body: Array(LiveReload.errorPage(state.error ?? "the first build has not finished").utf8))
            }
            return StaticSite.respond(to: request.path, root: options.output) { LiveReload.decorate($0, error: state.error) }
        }
    }
}
