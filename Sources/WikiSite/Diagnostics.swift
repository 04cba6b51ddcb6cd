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
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            ($0.path, $0.line, $0.column, $0.code, $0.message)
                < ($1.path, $1.line, $1.column, $1.code, $1.message)
        }
    }
}
