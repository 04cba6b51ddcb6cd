import ArgumentParser
import Foundation
import WikiSite

/// `wikisite theme export DIR`: the built-in theme written out, to customise.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "The built-in theme (templates and assets).",
        subcommands: [Export.self, List.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in theme into a folder, to edit and pass back with --templates.",
            discussion: """
                Keep only the files you change: --templates replaces the built-in theme file by file, \
                so a folder holding only article.mustache changes only article pages.
                """)

        @Argument(help: "Folder to write the theme into (created if missing).")
        var folder: String

        @Flag(help: "Replace files that are already there.")
        var force = false

        func run() throws {
            do {
                let written = try ThemeExporter.export(to: folder, replacing: force)
                FileHandle.standardError.write("wikisite: wrote the built-in theme to \(folder) (\(written) files)\n")
            } catch {
                FileHandle.standardError.write("wikisite: error: \(error)\n")
                throw ExitCode.failure
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in theme's files.")

        func run() throws {
            print(ThemeLoader.builtInFiles.map { "\($0.path)\t\($0.bytes.count)" }.joined(separator: "\n"))
        }
    }
}
