import Foundation
import Testing

/// The shape docs/architecture.md draws, held by reading the sources: stage
/// folders in pipeline order, and no folder using a type that a later
/// stage's folder declares; no source file past 400 lines.
@Suite struct ArchitectureTests {
    static let order = ["Support", "Load", "Parse", "Sanitize", "Link", "Dedup", "Timestamps", "Graph", "Render", "Search", "Write", "Check"]
    static let root = Fixture.repoRoot + "/Sources/WikiSite"

    func swiftFiles(_ folder: String) -> [(name: String, text: String)] {
        let path = Self.root + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().map { ($0, (try? String(contentsOfFile: path + "/" + $0, encoding: .utf8)) ?? "") }
    }

    /// Top-level types a file declares.
    func declaredTypes(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard line.first?.isWhitespace == false else { return nil }  // nested types are their own type's business
            var words = line.split(separator: " ").map(String.init)
            while let first = words.first, ["public", "internal", "final", "private", "fileprivate"].contains(first) { words.removeFirst() }
            guard words.count >= 2, ["struct", "enum", "class", "protocol", "typealias"].contains(words[0]) else { return nil }
            return String(words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        }
    }

    /// Capitalised words of the code, comments and string literals left out.
    func typeWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        for line in text.split(separator: "\n") {
            var code = line.components(separatedBy: "//")[0]
            code = code.replacingOccurrences(of: #""(?:[^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
            for word in code.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) where word.first?.isUppercase == true {
                words.insert(String(word))
            }
        }
        return words
    }

    @Test func everyStageFolderExistsInPipelineOrder() {
        for folder in Self.order { #expect(!swiftFiles(folder).isEmpty, "\(folder)") }
    }

    @Test func noFolderUsesALaterStagesTypes() {
        var stageOf: [String: Int] = [:]
        for (i, folder) in Self.order.enumerated() {
            for file in swiftFiles(folder) { for type in declaredTypes(file.text) { stageOf[type] = i } }
        }
        #expect(stageOf["Wiki"] == Self.order.firstIndex(of: "Graph"))
        var violations: [String] = []
        for (i, folder) in Self.order.enumerated() {
            for file in swiftFiles(folder) {
                for word in typeWords(file.text).sorted() where (stageOf[word] ?? -1) > i {
                    violations.append("\(folder)/\(file.name) uses \(word) from \(Self.order[stageOf[word]!])")
                }
            }
        }
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func noSourceFileIsOver400Lines() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Fixture.repoRoot + "/Sources"))
        var long: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: Fixture.repoRoot + "/Sources/" + path, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            if lines > 400 { long.append("\(path): \(lines)") }
        }
        #expect(long.isEmpty, "\(long)")
    }
}
