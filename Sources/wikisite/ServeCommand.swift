import ArgumentParser
import Foundation
import WikiSite
import WikiSiteServe

#if canImport(Glibc)
import Glibc
#endif

/// `wikisite serve`: a live preview on 127.0.0.1 that rebuilds on change.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on 127.0.0.1, and rebuild and reload open pages when a file changes.",
        discussion: """
            The site is built into a temporary folder (removed on Ctrl-C), never into --output. \
            Pages get a small reload script, only here. A build that fails shows its error on the page \
            and in the terminal, and the last good site stays served.
            """)

    static let defaultPort = 1313

    @Option(help: "Folder of articles (*.md, *.txt), one subfolder per channel.")
    var input = "seeds"

    @Option(help: "Folder of templates and assets that replace the built-in theme's, file by file; watched too.")
    var templates: String?

    @Option(help: "The site's name, shown in every page's header.")
    var title = "Video wiki"

    @Option(help: "Port on 127.0.0.1 (default \(Serve.defaultPort), or a free one if that is taken). A port given here must be free.")
    var port: Int?

    @Flag(inversion: .prefixedNo, help: "Merge near-identical articles into one page; the others redirect to it.")
    var dedup = true

    @Option(help: "Threads to build on (default: every core, or WIKISITE_JOBS).")
    var jobs: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535 (got \(port))") }
    }

    func run() throws {
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write($0 + "\n") }
        let server: HTTPServer
        do {
            server = try Self.listen(port)
        } catch {
            log("wikisite: error: \(error)")
            throw ExitCode.failure
        }
        let scratch = Self.scratchFolder()
        Self.stopOnSignals(removing: scratch)
        let options = BuildOptions(input: input, output: scratch + "/site", templates: templates, siteName: title,
                                   dedup: dedup, jobs: jobs)
        let preview = PreviewServer(options: options, log: log)
        preview.build()
        log("wikisite serve: http://127.0.0.1:\(server.port)/ (Ctrl-C to stop)")
        log("wikisite serve: watching \(input)" + (templates.map { " and \($0)" } ?? " (the theme is the built-in one)"))
        Thread.detachNewThread { preview.watch() }
        server.run { preview.respond(to: $0) }
    }

    /// The port asked for, or the default, or (only for the default) any free one.
    static func listen(_ asked: Int?) throws -> HTTPServer {
        if let asked {
            do {
                return try HTTPServer(port: asked)
            } catch {
                throw ServerError(description: "\(error); choose another with --port, or leave --port out to take a free one")
            }
        }
        do {
            return try HTTPServer(port: defaultPort)
        } catch {
            let server = try HTTPServer(port: 0)
            FileHandle.standardError.write("wikisite serve: port \(defaultPort) is in use; serving on port \(server.port) instead\n")
            return server
        }
    }

    /// A fresh folder for the builds: in memory when the machine has /dev/shm.
    static func scratchFolder() -> String {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array((base + "/wikisite-serve-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { return base + "/wikisite-serve-\(getpid())" }
        return String(cString: template)
    }

    /// Ctrl-C (or a TERM) removes the builds' folder and exits with status 0.
    static func stopOnSignals(removing folder: String) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                try? FileManager.default.removeItem(atPath: folder)
                FileHandle.standardError.write("\nwikisite serve: stopped\n")
                Glibc.exit(0)
            }
            source.resume()
            Serve.signalSources.append(source)
        }
    }

    nonisolated(unsafe) static var signalSources: [DispatchSourceSignal] = []
}
