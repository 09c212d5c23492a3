// CommandLineTests.swift - the commands a user runs besides scanning a directory.
import Foundation
import TestSupport
import Testing

@Suite struct CommandLineTests {
    var binary: URL { get throws { try PeregrineProcess.binary() } }
    static let sample = SharedFixtures.packageRoot.appendingPathComponent(
        "samples/AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_20240501T1000Z_PeregrineSample01.json.gz")

    @Test func standardInputGivesTheSameAlertsAsTheFile() throws {
        let fromFile = try PeregrineProcess.run(binary, ["scan", "--json", Self.sample.path])
        #expect(fromFile.status == 0, "\(fromFile.summary)")
        #expect(fromFile.stdoutLines.count >= 3)
        // The shell decompresses or not: both a gzip stream and plain JSON on stdin work.
        for command in ["cat '\(Self.sample.path)'", "gunzip -c '\(Self.sample.path)'"] {
            let piped = try PeregrineProcess.run(URL(fileURLWithPath: "/bin/sh"),
                                                 ["-c", "\(command) | '\(try binary.path)' scan --json -"])
            #expect(piped.status == 0, "\(piped.summary)")
            #expect(piped.stdoutLines == fromFile.stdoutLines)
        }
    }

    @Test func ruleMatchingFirstGivesAtMostOneAlertPerEvent() throws {
        let all = try PeregrineProcess.run(binary, ["scan", "--json", "--rule-matching", "all", Self.sample.path])
        let first = try PeregrineProcess.run(binary, ["scan", "--json", "--rule-matching=first", Self.sample.path])
        #expect(first.stdoutLines.count <= all.stdoutLines.count)
        let times = first.stdoutLines.compactMap { EndToEndTests.alertTime($0) }
        #expect(Set(times).count == times.count, "one alert per event")
    }

    @Test func textAlertsStartWithTimeAndPriority() throws {
        let run = try PeregrineProcess.run(binary, ["scan", Self.sample.path])
        #expect(run.status == 0)
        for line in run.stdoutLines {
            #expect(line.range(of: #"^\d{2}:\d{2}:\d{2}\.\d{9}: (Emergency|Alert|Critical|Error|Warning|Notice|Informational|Debug) "#,
                               options: .regularExpression) != nil, "\(line)")
        }
        #expect(run.stderr.contains("events in 1 files"))
    }

    @Test func rulesListsEveryCompiledRuleWithItsLocation() throws {
        let run = try PeregrineProcess.run(binary, ["rules"])
        #expect(run.status == 0)
        let text = String(decoding: run.stdout, as: UTF8.self)
        #expect(text.contains("Console Login Without MFA"))
        #expect(text.contains("rules/aws_cloudtrail_"))
    }

    @Test func fieldsListsTheCatalogLikeFalco() throws {
        let run = try PeregrineProcess.run(binary, ["fields"])
        #expect(run.status == 0)
        let text = String(decoding: run.stdout, as: UTF8.self)
        for name in ["ct.id", "ct.user", "s3.bucket", "ec2.imageids", "json.value", "evt.time.iso8601"] {
            #expect(text.contains("\n" + name + " "), "\(name) missing")
        }
        #expect(!text.contains("\nct.time "), "hidden fields are not listed")
        #expect(text.contains("(ARG_KEY,ARG_REQUIRED)"))
    }

    @Test func usageErrorsExitTwoAndSayWhatToDo() throws {
        for args in [["scan"], ["scan", "--rule-matching", "some"], ["frobnicate"], ["scan", "--json"]] {
            let run = try PeregrineProcess.run(binary, args)
            #expect(run.status == 2, "\(args): \(run.summary)")
            #expect(run.stderr.contains("peregrine: error:"), "\(args)")
        }
        let missing = try PeregrineProcess.run(binary, ["scan", "/nonexistent/path"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/path"))
    }
}
