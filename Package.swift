// swift-tools-version: 6.1
// Peregrine: Falco's CloudTrail threat detection, compiled.
// No package dependencies: the toolchain and system C libraries only.
import PackageDescription

let package = Package(
    name: "Peregrine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peregrine", targets: ["peregrine"]),
        .executable(name: "rulec", targets: ["rulec"]),
        .library(name: "RuleCompiler", targets: ["RuleCompiler"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "FalcoModel", targets: ["FalcoModel"]),
    ],
    targets: [
        // The vocabulary shared by compiler and runtime, stated once: fields (types, arguments, JSON
        // paths), priorities, transformers, the operator x type table, the regex dialect.
        .target(name: "FalcoModel"),

        // Compiler: YAML -> rule file -> conditions -> resolved -> checked IR -> Swift source.
        .target(name: "RuleCompiler", dependencies: ["FalcoModel"]),
        .executableTarget(name: "rulec", dependencies: ["RuleCompiler"]),
        .plugin(name: "RuleCompilerPlugin", capability: .buildTool(), dependencies: ["rulec"]),

        // Runtime: what generated matchers link against (JSON, fields, operators, outputs, inputs).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Runtime", dependencies: ["FalcoModel", "CZlib"]),

        // The YAML rules are themselves a target, so added/removed files re-plan the build.
        .target(
            name: "Detections",
            dependencies: ["Runtime"],
            path: "rules",
            exclude: ["README.md", "tests"],
            // Compiled file by file, incrementally, even in release: an edit recompiles the one
            // generated file it changed, and big rule sets compile on every core. Runtime's operators
            // are @inlinable, so the rule functions are optimised as with whole-module builds.
            swiftSettings: [.unsafeFlags(["-no-whole-module-optimization", "-incremental"], .when(configuration: .release))],
            plugins: ["RuleCompilerPlugin"]
        ),
        // The shipped executable: no Foundation, no compiler (a test checks its symbols).
        // A release build is the shipped binary: fully static (no Swift runtime or zlib needed on the
        // target machine) and stripped. Only this target: rulec, run at build time, stays dynamic.
        .executableTarget(
            name: "peregrine",
            dependencies: ["Detections", "Runtime"],
            linkerSettings: [.unsafeFlags(["-static-executable", "-Xlinker", "--strip-all"], .when(platforms: [.linux], configuration: .release))]
        ),

        .target(name: "TestSupport", dependencies: ["RuleCompiler", "Runtime"], path: "Tests/Support"),
        // Test-only rules that use every field and operator, compiled by the same plugin.
        .target(name: "CoverageRules", dependencies: ["Runtime"], path: "Tests/CoverageRules", plugins: ["RuleCompilerPlugin"]),
        .testTarget(name: "RuleCompilerTests", dependencies: ["RuleCompiler", "Runtime", "TestSupport"]),
        .testTarget(name: "GoldenTests", dependencies: ["RuleCompiler", "TestSupport"], exclude: ["Cases"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "TestSupport"]),
        .testTarget(name: "DifferentialTests", dependencies: ["Detections", "CoverageRules", "Runtime", "RuleCompiler", "TestSupport"]),
        // Runs the `peregrine` and `rulec` executables: depending on them makes SwiftPM build them, next
        // to the test bundle, before the tests (PeregrineProcess finds them there; $PEREGRINE_BIN overrides).
        .testTarget(name: "EndToEndTests", dependencies: ["peregrine", "rulec", "TestSupport", "Runtime"]),
    ]
)
