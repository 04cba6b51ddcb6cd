import Foundation
import Testing
@testable import WikiSite

/// The `wikisite` binary itself, as a user runs it: copied alone into an
/// empty folder, and `wikisite serve` rebuilding and reloading.
@Suite(.serialized) struct BinaryTests {
    /// The binary `swift test` built beside the test bundle.
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.isExecutableFile(atPath: url.path + "/wikisite") { return url.path + "/wikisite" }
            url.deleteLastPathComponent()
        }
        return Fixture.repoRoot + "/.build/debug/wikisite"
    }()

    static func run(_ arguments: [String], in folder: String) throws -> (status: Int32, stderr: String) {
        // A binary just copied may be busy for a moment: a process another test
        // starts at that instant holds the copy's write handle until it execs.
        for attempt in 1... {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            do {
                try process.run()
            } catch let error as NSError where attempt < 20 && (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ETXTBSY) {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            let data = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        fatalError("unreachable")
    }

    @Test func binaryAloneInAnEmptyFolderBuildsTheSeeds() throws {
        let folder = Fixture.temporaryFolder()
        try FileManager.default.copyItem(atPath: Self.binary, toPath: folder + "/wikisite")
        let result = try Self.run([folder + "/wikisite", "build", "--input", Fixture.repoRoot + "/seeds", "--output", "site"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/site/index.html"))
        #expect(FileManager.default.fileExists(atPath: folder + "/site/assets/style.css"))
        let version = try Self.run([folder + "/wikisite", "--version"], in: folder)
        #expect(version.status == 0)
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func errorsAreOneLineAndExitNonZero() throws {
        let folder = Fixture.temporaryFolder()
        let result = try Self.run([Self.binary, "build", "--input", "missing", "--output", "site"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr == "wikisite: error: --input missing: no such folder (the folder of articles to build)\n")
    }

    @Test func serveRebuildsReloadsShowsErrorsAndRecovers() async throws {
        let folder = Fixture.temporaryFolder()
        let input = folder + "/wiki/chan", templates = folder + "/theme"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        let article = input + "/first.md"
        try "---\ntitle: First\n---\nThe original words.\n".write(toFile: article, atomically: false, encoding: .utf8)
        try "---\ntitle: Second\n---\nSee [[First]].\n".write(toFile: input + "/second.md", atomically: false, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--input", folder + "/wiki", "--templates", templates, "--port", "0"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let log = LogReader(err.fileHandleForReading)
        let port = try #require(log.waitFor(/127\.0\.0\.1:(\d+)\//, seconds: 20).flatMap { Int($0) })

        let page = "/chan/first/index.html"
        #expect(try HTTP.get(port, page).body.contains("The original words."))
        #expect(try HTTP.get(port, page).body.contains("/__wikisite/live.js"))

        // An edit shows within 2 s.
        let edited = ContinuousClock.now
        try "---\ntitle: First\n---\nThe edited words.\n".write(toFile: article, atomically: false, encoding: .utf8)
        #expect(try HTTP.poll(port, page, until: { $0.contains("The edited words.") }, seconds: 2))
        let latency = ContinuousClock.now - edited
        print("serve: an edit showed after \(latency)")

        // A broken template: the error on the page, the last good site still there.
        try "{{> partials/head}}\n{{#title}}\n".write(toFile: templates + "/article.mustache", atomically: false, encoding: .utf8)
        #expect(try HTTP.poll(port, page, until: { $0.contains("wikisite-build-error") && $0.contains("article.mustache:") }, seconds: 5))
        #expect(try HTTP.get(port, page).body.contains("The edited words."))

        // Fixing it recovers.
        try FileManager.default.removeItem(atPath: templates + "/article.mustache")
        #expect(try HTTP.poll(port, page, until: { !$0.contains("wikisite-build-error") && $0.contains("The edited words.") }, seconds: 5))
        #expect(try HTTP.get(port, "/__wikisite/status").body.contains("\"error\":null"))

        // Ctrl-C stops it cleanly.
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Reads a child's stderr on a thread and finds lines in it.
final class LogReader: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                lock.withLock { text += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    func waitFor(_ pattern: Regex<(Substring, Substring)>, seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let match = lock.withLock({ text.firstMatch(of: pattern) }) { return String(match.1) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

/// A plain HTTP/1.1 GET over a socket: no caches, no client library in between.
enum HTTP {
    static func get(_ port: Int, _ path: String) throws -> (status: Int, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw FileError(path: "127.0.0.1:\(port)", reason: "cannot connect") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, body)
    }

    static func poll(_ port: Int, _ path: String, until done: (String) -> Bool, seconds: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if done(try get(port, path).body) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return false
    }
}
