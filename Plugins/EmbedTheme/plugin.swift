import Foundation
import PackagePlugin

/// Compiles the default theme into the `WikiSite` module: every file below
/// the package's `templates/` folder becomes bytes in one generated Swift
/// file, so the `wikisite` binary alone builds a site from any folder
/// (SwiftPM resources would be a folder beside the binary on Linux).
///
/// Every template file is an input of the command, so editing, adding or
/// removing one regenerates the file on the next build.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding the default theme (\(inputs.count) files of templates/)",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [templates.path, output.path],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output])
        ]
    }
}
