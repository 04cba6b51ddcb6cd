import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A request as the preview server needs it: method and path, nothing more.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path, percent-encoded as sent, without its query.
    public var path: String
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: "Internal Server Error"
        }
    }
}

/// Binding a port failed: in use, or not allowed.
public struct ServerError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// A small HTTP/1.1 server on POSIX sockets for `wikisite serve`: loopback
/// only, GET and HEAD, one thread per connection, every response closes its
/// connection. A preview needs no more, and it adds nothing to the build.
public final class HTTPServer: @unchecked Sendable {
    public let port: Int
    private let socket: Int32

    /// Listens on 127.0.0.1:`port` (0 for any free port).
    public init(port: Int) throws {
        signal(SIGPIPE, SIG_IGN)  // a reader closing a tab mid-response is not a crash
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ServerError(description: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw ServerError(description: code == EADDRINUSE
                ? "port \(port) on 127.0.0.1 is in use"
                : "cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(code)))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.socket = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Accepts connections until the process ends, answering each on its own thread.
    public func run(_ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) -> Never {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno == EMFILE || errno == ENFILE { usleep(50_000) }
                    continue
                }
                usleep(50_000)
                continue
            }
            let thread = Thread { Self.serve(client, handler) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    static func serve(_ client: Int32, _ handler: @Sendable (HTTPRequest) -> HTTPResponse) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(client) else {
            write(HTTPResponse(status: 400, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("bad request\n".utf8)),
                  head: false, to: client)
            return
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            write(HTTPResponse(status: 405, headers: [("Allow", "GET, HEAD")]), head: false, to: client)
            return
        }
        write(handler(request), head: request.method == "HEAD", to: client)
    }

    /// Reads up to the end of the headers (at most 64 KB) and parses the request line.
    static func readRequest(_ client: Int32) -> HTTPRequest? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while data.count < 65_536 {
            let n = recv(client, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            data.append(contentsOf: buffer[0..<n])
            if data.count >= 4, data.suffix(min(data.count, n + 3)).windows(of: end) { break }
        }
        guard let lineEnd = data.firstIndex(of: UInt8(ascii: "\r")) else { return nil }
        let parts = String(decoding: data[..<lineEnd], as: UTF8.self).split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        var target = String(parts[1])
        if let q = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<q]) }
        guard target.hasPrefix("/") else { return nil }
        return HTTPRequest(method: String(parts[0]), path: target)
    }

    static func write(_ response: HTTPResponse, head: Bool, to client: Int32) {
        var text = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(response.body.count)\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n"
        var bytes = Array(text.utf8)
        if !head { bytes += response.body }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }
}

extension ArraySlice where Element == UInt8 {
    func windows(of needle: [UInt8]) -> Bool {
        guard count >= needle.count else { return false }
        var i = startIndex
        while i + needle.count <= endIndex {
            if self[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
