// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "wikisite",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wikisite", targets: ["wikisite"]),
        .library(name: "WikiSite", targets: ["WikiSite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Tests only: property tests of the stages that read hostile input.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Debian's libcmark-gfm-dev + libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Debian's libgumbo-dev: the HTML5 parser the sanitiser reads raw HTML with.
        .systemLibrary(
            name: "CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        // Makes libcmark-gfm safe to call from several threads (see its source).
        .target(name: "CMarkThreads", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "WikiSite",
            dependencies: [
                "CMarkGFM",
                "CMarkThreads",
                "CGumbo",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The default theme (templates/**) compiled in, so the binary alone builds a site.
            plugins: ["EmbedTheme"]
        ),
        // Turns templates/** into one Swift file of the theme's bytes (run by EmbedTheme at build time).
        .executableTarget(name: "ThemeEmbedder"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["ThemeEmbedder"]),
        // `wikisite serve`: a small HTTP server on 127.0.0.1 and a watcher that rebuilds on change.
        .target(name: "WikiSiteServe", dependencies: ["WikiSite"]),
        .executableTarget(
            name: "wikisite",
            dependencies: [
                "WikiSite",
                "WikiSiteServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // jemalloc in place of glibc's malloc for the whole process: a build makes
            // millions of small strings, and glibc's allocator cost ~8% more CPU on the
            // corpus at the same peak memory (docs/architecture.md, "Memory").
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        .testTarget(
            name: "WikiSiteTests",
            dependencies: [
                "WikiSite",
                "WikiSiteServe",
                "CGumbo",  // to read pages as a browser does
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden"]  // read by path (GoldenTests), not bundled
        ),
    ]
)
