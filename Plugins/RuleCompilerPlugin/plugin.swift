// plugin.swift - runs rulec over the YAML files of the target it is applied to (the rules/ folder).
import Foundation
import PackagePlugin

/// Why the plugin cannot run, in sentences that say what to do.
enum PluginError: Error, CustomStringConvertible {
    case notSourceModule(String)
    case noRuleFiles(String)

    var description: String {
        switch self {
        case .notSourceModule(let name):
            "RuleCompilerPlugin must be applied to a Swift source target; '\(name)' is not one"
        case .noRuleFiles(let dir):
            "no .yaml or .yml rule files in \(dir); add a rules file (for example Falco's aws_cloudtrail_rules.yaml) or remove the plugin"
        }
    }
}

@main
struct RuleCompilerPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { throw PluginError.notSourceModule(target.name) }
        // The YAML files are the target's own (resource-less) source files, so SwiftPM re-plans
        // when one is added or deleted. Sorted: Falco loads a rules directory in lexical order.
        let yamls = module.sourceFiles
            .map(\.url)
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
        guard !yamls.isEmpty else { throw PluginError.noRuleFiles(module.directoryURL.path) }
        // Per rules file, one Swift file per 32 rules (at most 16), so an edit recompiles a
        // small file and a big rules file compiles on every core; an index for the tables. The
        // `.rules.swift` suffix keeps them from colliding with the target's own Swift files.
        let outputs: [[URL]] = try yamls.map { yaml in
            let stem = String(yaml.deletingPathExtension().lastPathComponent.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
            let text = try String(contentsOf: yaml, encoding: .utf8)
            let rules = text.split(separator: "\n").filter { $0.hasPrefix("- rule:") }.count
            let chunks = max(1, min(16, (rules + 31) / 32))
            return (0..<chunks).map { k in
                context.pluginWorkDirectoryURL.appending(path: chunks == 1 ? "\(stem).rules.swift" : "\(stem).\(k).rules.swift")
            }
        }
        let index = context.pluginWorkDirectoryURL.appending(path: "RuleIndex.generated.swift")
        let tool = try context.tool(named: "rulec")
        return [
            .buildCommand(
                displayName: "Compiling \(yamls.count) rules file(s) for \(target.name)",
                executable: tool.url,
                arguments: ["compile", "--index-output", index.path, "--source-root", context.package.directoryURL.path]
                    + outputs.flatMap { ["--file-output", $0.map(\.path).joined(separator: ",")] }
                    + yamls.map(\.path),
                inputFiles: yamls,
                outputFiles: outputs.flatMap { $0 } + [index]
            )
        ]
    }
}
