// main.swift - rulec: compiles Falco rules files into Swift. Run by RuleCompilerPlugin at build time.
import Foundation
import RuleCompiler

let usage = """
    usage: rulec compile --output <file.swift> [--source-root <dir>] [--warnings-as-errors] <rules.yaml>...
           rulec compile --index-output <index.swift> --file-output <a.swift>[,<a2.swift>...] [--file-output ...]
                         [--source-root <dir>] [--warnings-as-errors] <a.yaml> [<b.yaml> ...]

    Compiles Falco rules files (in the order given) into Swift matcher functions: one file with
    --output, or per rules file one or more files (--file-output, in the order of the rules files;
    several comma-separated paths split a big file into chunks) and an index (field slots, rule
    table) with --index-output. Diagnostics are printed as
    path:line:column: error: message [id]. Nothing is written when there is an error; an output
    is rewritten only when its content changes.
    """

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("rulec: error: \(message)\n".utf8))
    exit(status)
}

var args = Array(CommandLine.arguments.dropFirst())
guard args.first == "compile" else { fail(args.isEmpty ? "missing command\n\(usage)" : "unknown command '\(args[0])'\n\(usage)") }
args.removeFirst()
var output: String?
var indexOutput: String?
/// Per rules file, its chunks' output paths (`--file-output a.swift` or `--file-output a.0.swift,a.1.swift`).
var fileOutputs: [[String]] = []
var sourceRoot: String?
var warningsAsErrors = false
var inputs: [String] = []
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--output": output = args.isEmpty ? nil : args.removeFirst()
    case "--index-output": indexOutput = args.isEmpty ? nil : args.removeFirst()
    case "--file-output": if !args.isEmpty { fileOutputs.append(args.removeFirst().split(separator: ",").map(String.init)) }
    case "--source-root": sourceRoot = args.isEmpty ? nil : args.removeFirst()
    case "--warnings-as-errors": warningsAsErrors = true
    case "-h", "--help": print(usage); exit(0)
    default:
        if a.hasPrefix("-") { fail("unknown option '\(a)'\n\(usage)") }
        inputs.append(a)
    }
}
guard !inputs.isEmpty else { fail("no rules files given\n\(usage)") }
guard (output != nil) != (indexOutput != nil) else { fail("give either --output or --index-output with one --file-output per rules file\n\(usage)") }
if indexOutput != nil && fileOutputs.count != inputs.count {
    fail("\(inputs.count) rules file(s) but \(fileOutputs.count) --file-output(s); give one per rules file, in the same order")
}

/// Paths in generated code are relative to the package root, so the output is machine independent.
func displayPath(_ path: String, root: String?) -> String {
    guard var root else { return path }
    if !root.hasSuffix("/") { root += "/" }
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
}

var files: [SourceFile] = []
for path in inputs {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read '\(path)'", status: 1) }
    files.append(SourceFile(path: path, displayPath: displayPath(path, root: sourceRoot), bytes: [UInt8](data)))
}

let result = Pipeline.compile(files, warningsAsErrors: warningsAsErrors, chunks: indexOutput == nil ? nil : fileOutputs.map(\.count))
let rendered = result.diagnostics.render()
if !rendered.isEmpty { FileHandle.standardError.write(Data((rendered + "\n").utf8)) }
guard let generated = result.generated else { exit(1) }

do {
    if let output {
        try GeneratedFile.write(Data(generated.combined.utf8), to: output)
    } else if let indexOutput {
        for (paths, texts) in zip(fileOutputs, generated.perFile) {
            for (path, text) in zip(paths, texts) { try GeneratedFile.write(Data(text.utf8), to: path) }
        }
        try GeneratedFile.write(Data(generated.index.utf8), to: indexOutput)
    }
} catch {
    fail("\(error)", status: 1)
}
