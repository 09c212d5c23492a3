// swift-tools-version:5.3
// libFuzzer targets for Peregrine. A separate package because, in a tools-version 6 package, an
// executable built with -parse-as-library does not link (see README "Fuzzing and sanitizers"; the folder is
// FuzzTesting, not Fuzz, because a path dependency's identity is its folder name, and a checkout
// folder named "fuzz" would then collide with this package).
// Build and run with ./run.sh; each target's main.swift holds only the LLVMFuzzerTestOneInput entry.
import PackageDescription

let fuzzers = ["FuzzEventLoad", "FuzzRecordReader", "FuzzGzip", "FuzzYAMLReader", "FuzzConditionParser", "FuzzOutputFormat"]

let package = Package(
    name: "PeregrineFuzz",
    dependencies: [.package(name: "Peregrine", path: "..")],
    targets: [
        // Helpers shared by the targets (a library: no entry point).
        .target(name: "FuzzSupport", dependencies: [.product(name: "RuleCompiler", package: "Peregrine")]),
    ] + fuzzers.map { name in
        .target(
            name: name,
            dependencies: [
                .product(name: "Runtime", package: "Peregrine"),
                .product(name: "RuleCompiler", package: "Peregrine"),
                .product(name: "FalcoModel", package: "Peregrine"),
                "FuzzSupport",
            ],
            // Only here, not on the command line: it would also reach rulec (built for the rules
            // plugin), whose main.swift has top-level code.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
