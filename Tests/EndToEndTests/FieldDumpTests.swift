// FieldDumpTests.swift - every field of every dataset event equals the value Falco printed.
//
// ../shared/oracle/field_dump.yaml (one rule printing every field) is compiled unchanged, the
// binary scans exactly the files Falco read, and compare_alerts.py --fields compares each event's
// output_fields with Falco's field dump. Allowed differences are the deliberate ones of
// docs/falco-differences.md: the two field bugs we fix.
import Foundation
import Runtime
import TestSupport
import Testing

@Suite struct FieldDumpTests {
    /// The `{"Records":[…]}` files of the datasets in Falco's walk order, then the upstream traces:
    /// the 558 files Falco read for the oracle.
    static func falcoInputs(shared: URL) throws -> [String] {
        let datasets = shared.appendingPathComponent("datasets")
        var inputs: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: datasets.path).sorted() {
            let dir = datasets.appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            // Falco's walk order, except that for the Datadog-reshaped dataset the oracle run read
            // the normalised copy before the originals (its event numbers say so).
            let copy = dir.appendingPathComponent("cloudtrail-format").path
            let files = InputDiscovery.expand([dir.path]).files.map(\.path)
            let ordered = name != "cloudtrail2sightings-datadog" ? files
                : files.filter { $0.hasPrefix(copy + "/") } + files.filter { !$0.hasPrefix(copy + "/") }
            for path in ordered {
                guard let reader = try? RecordReader(file: InputFile(path: path)) else { continue }
                _ = try? reader.next()
                if reader.shape == .cloudTrailLogFile { inputs.append(path) }
            }
        }
        let testdata = shared.appendingPathComponent("upstream/falco/testdata")
        for name in try FileManager.default.contentsOfDirectory(atPath: testdata.path).sorted() where name.hasSuffix(".json") {
            inputs.append(testdata.appendingPathComponent(name).path)
        }
        return inputs
    }

    @Test(.requiresShared) func everyFieldOfEveryEventMatchesFalco() throws {
        let shared = try Shared.require()
        let inputs = try Self.falcoInputs(shared: shared)
        #expect(inputs.count == 558, "Falco read 558 files for the oracle")

        let variant = PackageVariant(name: "fielddump")
        try variant.prepare(rules: ["field_dump.yaml": try Oracle.fieldDumpRules()])
        let build = try variant.build()
        // Never scan with the binary of an earlier run when this build failed.
        try #require(build.status == 0, "\(String(decoding: build.stdout, as: UTF8.self).suffix(3000))\n\(build.stderr)")

        let started = Date()
        let run = try PeregrineProcess.run(variant.binary, ["scan", "--json", "--rule-matching", "all"] + inputs,
                                           environment: ["FALCO_HOSTNAME": "oracle"])
        #expect(run.exitedNormally, "\(run.summary)")
        let cutoff = EndToEndTests.utcSeconds(started.addingTimeInterval(-60))
        let kept = run.stdoutLines.filter { line in
            guard let t = EndToEndTests.alertTime(line) else { return false }
            return String(t.prefix(19)) <= cutoff
        }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let actual = dir.appendingPathComponent("actual.jsonl")
        try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: actual)

        // The deliberate differences: the two fixed fields, and the output text of the events
        // where they differ (the text contains them).
        let expectedFile = try Oracle.fieldDumpURL
        let expected = try PeregrineProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["gzip", "-dc", expectedFile.path])
        let falcoFields = Self.fieldsByID(expected.stdoutLines)
        let ourFields = Self.fieldsByID(kept)
        var allow = ["field ct.request.documentname", "field ct.sessioncredentialfromconsole"]
        for (id, theirs) in falcoFields {
            guard let ours = ourFields[id] else { continue }
            for f in ["ct.request.documentname", "ct.sessioncredentialfromconsole"] where "\(ours[f] ?? "nil")" != "\(theirs[f] ?? "nil")" {
                allow.append("field (output) \(id)")
            }
        }
        let allowFile = dir.appendingPathComponent("allow")
        try Data(allow.joined(separator: "\n").utf8).write(to: allowFile)

        let compare = try PeregrineProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", try Oracle.comparatorURL.path, actual.path, expectedFile.path,
             "--fields", "--allow", allowFile.path])
        let report = String(decoding: compare.stdout, as: UTF8.self)
        print(report.split(separator: "\n").suffix(12).joined(separator: "\n"))
        #expect(compare.exitedNormally && compare.status == 0, "compare_alerts.py --fields:\n\(report.suffix(6000))\n\(compare.stderr)")
    }

    static func fieldsByID(_ lines: [String]) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for line in lines {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let f = o["output_fields"] as? [String: Any], let id = f["ct.id"] as? String else { continue }
            if out[id] == nil { out[id] = f }
        }
        return out
    }
}
