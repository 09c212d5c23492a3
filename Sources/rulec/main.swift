// main.swift - rulec: compiles Falco rules files into Swift. Run by RuleCompilerPlugin at build time.
import Foundation
import RuleCompiler

let usage = """
    usage: rulec compile --output <file.swift> [--source-root <dir>] [--warnings-as-errors] <rules.yaml>...

    Compiles Falco rules files (in the order given) into one Swift file of matcher functions.
    Diagnostics are printed as path:line:column: error: message [id]. Nothing is written when
    there is an error; the output is rewritten only when its content changes.
    """

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("rulec: error: \(message)\n".utf8))
    exit(status)
}

var args = Array(CommandLine.arguments.dropFirst())
guard args.first == "compile" else { fail(args.isEmpty ? "missing command\n\(usage)" : "unknown command '\(args[0])'\n\(usage)") }
args.removeFirst()
var output: String?
var sourceRoot: String?
var warningsAsErrors = false
var inputs: [String] = []
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--output": output = args.isEmpty ? nil : args.removeFirst()
    case "--source-root": sourceRoot = args.isEmpty ? nil : args.removeFirst()
    case "--warnings-as-errors": warningsAsErrors = true
    case "-h", "--help": print(usage); exit(0)
    default:
        if a.hasPrefix("-") { fail("unknown option '\(a)'\n\(usage)") }
        inputs.append(a)
    }
}
guard let output else { fail("--output is required\n\(usage)") }
guard !inputs.isEmpty else { fail("no rules files given\n\(usage)") }

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

let result = Pipeline.compile(files, warningsAsErrors: warningsAsErrors)
let rendered = result.diagnostics.render()
if !rendered.isEmpty { FileHandle.standardError.write(Data((rendered + "\n").utf8)) }
guard let source = result.swiftSource else { exit(1) }

do {
    try GeneratedFile.write(Data(source.utf8), to: output)
} catch {
    fail("\(error)", status: 1)
}
