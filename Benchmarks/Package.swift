// swift-tools-version: 6.1
// Peregrine's benchmark tools, kept out of the main package so `swift build` and `swift test`
// never compile or run them. Build in release: `swift build -c release --package-path Benchmarks`.
// Benchmarks/run.sh drives everything and writes the figures for BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "PeregrineBenchmarks",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "peregrine-bench", targets: ["peregrine-bench"])],
    targets: [
        // The same system zlib the scanner links, so `inflate` measures exactly its decompressor.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(name: "peregrine-bench", dependencies: ["CZlib"]),
    ]
)
