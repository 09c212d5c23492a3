// RuleBuildTests.swift - the rules/ folder as users live with it: a typo fails `swift build` at the
// YAML line and column; adding, editing or deleting a YAML file changes what the binary detects.
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct RuleBuildTests {
    static let createUserEvent = #"""
        {"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15","requestParameters":{"userName":"mallory"},"responseElements":null,"requestID":"r1","eventID":"e1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333"}]}
        """#

    static func rule(_ name: String, condition: String, output: String = "%ct.name by %ct.user") -> String {
        """
        - rule: \(name)
          desc: test rule
          condition: >
            \(condition)
          output: "\(output)"
          priority: WARNING
          source: aws_cloudtrail

        """
    }

    func scan(_ binary: URL, _ event: URL) throws -> [String] {
        let run = try PeregrineProcess.run(binary, ["scan", "--json", event.path])
        #expect(run.exitedNormally && run.status == 0, "\(run.summary)")
        return run.stdoutLines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
        }
    }

    @Test func brokenRulesFailTheBuildAtTheYAMLLineAndColumn() throws {
        let variant = PackageVariant(name: "scratch")
        // Line 4 (1-based) holds the condition; the typo 'ct.usr' starts at column 32.
        let cases: [(yaml: String, expected: String)] = [
            (Self.rule("Typo", condition: #"ct.name = "CreateUser" and ct.usr = "x""#), "broken.yaml:4:32: error: unknown field 'ct.usr' [unknown-field]"),
            (Self.rule("Macro", condition: #"is_consol_login and ct.name = "x""#), "broken.yaml:4:5: error: undefined macro 'is_consol_login' [undefined-macro]"),
            (Self.rule("Paren", condition: #"(ct.name = "x" or ct.name = "y""#), "broken.yaml:4:"),
            (Self.rule("Operator", condition: #"s3.bytes contains "1""#), "broken.yaml:4:14: error: operator 'contains' is not supported for uint64 field 's3.bytes' [operator-not-supported]"),
            ("- rule: Indent\n  desc: x\n  condition: ct.name = \"x\"\n    output: y\n", "broken.yaml:4:"),
        ]
        for (yaml, expected) in cases {
            try variant.prepare(rules: ["broken.yaml": yaml])
            let build = try variant.build()
            let log = String(decoding: build.stdout, as: UTF8.self) + build.stderr
            #expect(build.status != 0, "the build should fail for:\n\(yaml)")
            #expect(log.contains(expected), "expected '\(expected)' in the build log:\n\(log.suffix(3000))")
        }
    }

    @Test func addingEditingAndDeletingRuleFilesChangesDetections() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peregrine-rebuild-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let event = dir.appendingPathComponent("event.json")
        try Data(Self.createUserEvent.utf8).write(to: event)

        let variant = PackageVariant(name: "scratch")
        let base = Self.rule("Base Rule", condition: #"ct.name = "DeleteUser""#)
        let added = Self.rule("Added Rule", condition: #"ct.name = "CreateUser""#)

        func rebuild(_ rules: [String: String]) throws -> [String] {
            try variant.prepare(rules: rules)
            let started = Date()
            let build = try variant.build()
            print("rebuild after a rules change: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            // Never scan with the binary of an earlier build when this one failed.
            try #require(build.status == 0, "\(String(decoding: build.stdout, as: UTF8.self).suffix(3000))\n\(build.stderr)")
            return try scan(variant.binary, event)
        }

        #expect(try rebuild(["a.yaml": base]) == [])
        // A new file is picked up.
        #expect(try rebuild(["a.yaml": base, "b.yaml": added]) == ["Added Rule"])
        // An edit is picked up.
        let edited = added.replacingOccurrences(of: #"ct.name = "CreateUser""#, with: #"ct.name = "CreateUser" and ct.user = "bob""#)
        #expect(try rebuild(["a.yaml": base, "b.yaml": edited]) == [])
        // Editing the other file.
        let baseEdited = base.replacingOccurrences(of: "DeleteUser", with: "CreateUser")
        let afterEdit = try rebuild(["a.yaml": baseEdited, "b.yaml": edited])
        #expect(afterEdit == ["Base Rule"], "\(baseEdited)")
        // A deleted file is dropped.
        #expect(try rebuild(["a.yaml": base]) == [])
    }
}
