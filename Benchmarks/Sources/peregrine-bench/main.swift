// main.swift - peregrine-bench: corpus generation, baselines and rule-set variants for run.sh.
import Foundation

let usage = """
    USAGE:
      peregrine-bench generate --events N [--seed S] --datasets DIR --out DIR
          write a corpus: DIR/gz/AWSLogs/... (.json.gz), DIR/plain/AWSLogs/... (.json), DIR/corpus.txt
      peregrine-bench read DIR...       read every .json below DIR (the limit for plain JSON)
      peregrine-bench inflate DIR...    decompress every .json.gz below DIR (the limit for gzip)
      peregrine-bench rules --upstream FILE [--copies K]
          print Falco's upstream rules plus K generated variants of each enabled rule (default 14)
      peregrine-bench variant --package ROOT --name NAME RULES.yaml...
          copy the package to ROOT/.build-variants/NAME with exactly these files in rules/
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("peregrine-bench: \(message)\n".utf8))
    exit(2)
}

func option(_ args: [String], _ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "generate":
    guard let events = option(args, "--events").flatMap(Int.init), let datasets = option(args, "--datasets"),
          let out = option(args, "--out") else { fail(usage) }
    let seed = option(args, "--seed").flatMap(UInt64.init) ?? 1
    let generator = CorpusGenerator(events: events, seed: seed, datasets: URL(fileURLWithPath: datasets),
                                    output: URL(fileURLWithPath: out))
    do {
        print(try generator.run(), terminator: "")
    } catch {
        fail("\(error)")
    }
case "read":
    let files = Baselines.files(Array(args.dropFirst()), suffix: ".json")
    let start = ContinuousClock.now
    let bytes = Baselines.read(files)
    print("files \(files.count)\nbytes \(bytes)\nseconds \(seconds(start))")
case "inflate":
    let files = Baselines.files(Array(args.dropFirst()), suffix: ".json.gz")
    let start = ContinuousClock.now
    let (compressed, produced) = Baselines.inflateAll(files)
    print("files \(files.count)\ncompressed_bytes \(compressed)\nbytes \(produced)\nseconds \(seconds(start))")
case "rules":
    guard let upstream = option(args, "--upstream") else { fail(usage) }
    let copies = option(args, "--copies").flatMap(Int.init) ?? 14
    guard let text = try? String(contentsOfFile: upstream, encoding: .utf8) else { fail("cannot read \(upstream)") }
    print(RuleVariants.generate(upstream: text, copies: copies), terminator: "")
case "variant":
    guard let root = option(args, "--package"), let name = option(args, "--name") else { fail(usage) }
    var rules: [String: String] = [:]
    var i = 1
    while i < args.count {
        if args[i] == "--package" || args[i] == "--name" { i += 2; continue }
        let url = URL(fileURLWithPath: args[i])
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { fail("cannot read \(args[i])") }
        rules[url.lastPathComponent] = text
        i += 1
    }
    do {
        let variant = PackageVariant(root: URL(fileURLWithPath: root), name: name)
        try variant.prepare(rules: rules)
        print(variant.directory.path)
    } catch {
        fail("\(error)")
    }
default:
    print(usage)
    exit(args.isEmpty ? 0 : 2)
}
