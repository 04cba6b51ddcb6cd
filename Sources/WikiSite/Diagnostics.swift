/// A finding about the input that a maintainer can act on.
///
/// Bad input never stops a build: every problem becomes a diagnostic that
/// names the file, the line and the column, a short stable code that can be
/// counted and grepped, and a message that says what is wrong. They print in
/// the form editors and CI annotate: `path:line:col: warning: message [code]`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// The file, as the user named it (input folder joined with the relative path).
    public var path: String
    /// 1-based line in the original file.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// A short stable identifier such as `frontmatter.missing-title`.
    public var code: String
    public var message: String

    public init(
        _ severity: Severity = .warning, path: String, line: Int = 1, column: Int = 1,
        code: String, message: String
    ) {
        self.severity = severity
        self.path = path
        self.line = max(1, line)
        self.column = max(1, column)
        self.code = code
        self.message = message
    }

    public var description: String {
        "\(path):\(line):\(column): \(severity.rawValue): \(message) [\(code)]"
    }
}

extension Diagnostic {
    /// Orders diagnostics by file, then position, then code, so output is stable.
    /// A large wiki has a note for every repaired timestamp (a million at
    /// 170k articles), most sharing a path with their neighbours: each path
    /// is ranked once, and the order is found on integers first, on indices
    /// (no diagnostic is moved until the order is known).
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var rank: [String: Int] = [:]
        for d in diagnostics where rank[d.path] == nil { rank[d.path] = 0 }
        for (r, path) in rank.keys.sorted().enumerated() { rank[path] = r }
        let keys = diagnostics.map { (path: rank[$0.path]!, line: $0.line, column: $0.column) }
        let order = diagnostics.withUnsafeBufferPointer { all in
            all.indices.sorted { a, b in
                let x = keys[a], y = keys[b]
                if x != y { return (x.path, x.line, x.column) < (y.path, y.line, y.column) }
                return (all[a].code, all[a].message) < (all[b].code, all[b].message)
            }
        }
        return order.map { diagnostics[$0] }
    }
}
