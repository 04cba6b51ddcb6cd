import Foundation
import Testing
@testable import WikiSite

@Suite struct WriteTests {
    @Test func publishReplacesTheOutputWhole() throws {
        let root = Fixture.temporaryFolder()
        let output = root + "/public"
        try SiteWriter.publish([OutputFile(path: "index.html", text: "one"), OutputFile(path: "old/page.html", text: "x")], to: output)
        try SiteWriter.publish([OutputFile(path: "index.html", text: "two"), OutputFile(path: "a/b/index.html", text: "deep")], to: output)
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "two")
        #expect(try String(contentsOfFile: output + "/a/b/index.html", encoding: .utf8) == "deep")
        #expect(!FileManager.default.fileExists(atPath: output + "/old"))
        // Nothing is left beside the output: no temporary or previous copies.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
    }

    @Test func pathsThatWouldLeaveTheOutputAreRefused() throws {
        for path in ["../escape.html", "/etc/x", "a/../../b", "", "a//b", "a\\b"] {
            #expect(!SiteWriter.isContained(path), "\(path)")
        }
        let root = Fixture.temporaryFolder()
        #expect(throws: FileError.self) {
            try SiteWriter.publish([OutputFile(path: "../escape.html", text: "x")], to: root + "/public")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/escape.html"))
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }

    @Test func leftoversOfAKilledBuildAreRemoved() throws {
        let root = Fixture.temporaryFolder()
        // A temporary folder from a build whose process no longer exists.
        try FileManager.default.createDirectory(atPath: root + "/.public.tmp-999999999", withIntermediateDirectories: true)
        try SiteWriter.publish([OutputFile(path: "index.html", text: "x")], to: root + "/public")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["public"])
    }
}
