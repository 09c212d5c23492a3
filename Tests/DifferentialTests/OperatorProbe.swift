// OperatorProbe.swift - the runtime's operator entry points against the reference's operators.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RuleCompiler
import Runtime
import TestSupport
import Testing

/// One operator with fixed literals: how generated code calls it, and what it means.
struct OperatorProbe: Sendable {
    let op: ComparisonOperator
    let values: [String]
    let runtime: @Sendable (Event, Int) -> Bool

    /// A string operator with one literal; generated code passes literals as `StaticString`.
    static func literal(_ op: ComparisonOperator, _ text: StaticString, _ call: @escaping @Sendable (Event, Int, StaticString) -> Bool) -> OperatorProbe {
        OperatorProbe(op: op, values: [text.description], runtime: { call($0, $1, text) })
    }

    static func set(_ op: ComparisonOperator, _ items: [String]) -> OperatorProbe {
        let set = StringSet(byteItems: items.map { Array($0.utf8) })
        return OperatorProbe(op: op, values: items, runtime: { op == .in ? $0.isIn($1, set) : $0.intersects($1, set) })
    }

    static func paths(_ items: [String]) -> OperatorProbe {
        let set = PathPrefixSet(byteItems: items.map { Array($0.utf8) })
        return OperatorProbe(op: .pmatch, values: items, runtime: { $0.pmatch($1, set) })
    }

    static func regex(_ pattern: String) -> OperatorProbe {
        let compiled = RegexPattern(pattern)
        return OperatorProbe(op: .regex, values: [pattern], runtime: { $0.regex($1, compiled) })
    }

    static let all: [OperatorProbe] = [
        .literal(.equal, "") { $0.equal($1, $2) }, .literal(.equal, "ConsoleLogin") { $0.equal($1, $2) },
        .literal(.equal, "root") { $0.equal($1, $2) }, .literal(.equal, "é") { $0.equal($1, $2) },
        .literal(.notEqual, "") { $0.notEqual($1, $2) }, .literal(.notEqual, "root") { $0.notEqual($1, $2) },
        .literal(.less, "root") { $0.less($1, $2) }, .literal(.less, "") { $0.less($1, $2) },
        .literal(.lessEqual, "root") { $0.lessEqual($1, $2) }, .literal(.greater, "root") { $0.greater($1, $2) },
        .literal(.greater, "é") { $0.greater($1, $2) }, .literal(.greaterEqual, "Z") { $0.greaterEqual($1, $2) },
        .literal(.contains, "") { $0.contains($1, $2) }, .literal(.contains, "a") { $0.contains($1, $2) },
        .literal(.contains, "Login") { $0.contains($1, $2) }, .literal(.contains, "bin") { $0.contains($1, $2) },
        .literal(.icontains, "ROOT") { $0.icontains($1, $2) }, .literal(.icontains, "LOGIN") { $0.icontains($1, $2) },
        .literal(.icontains, "É") { $0.icontains($1, $2) }, .literal(.icontains, "") { $0.icontains($1, $2) },
        .literal(.startswith, "") { $0.startsWith($1, $2) }, .literal(.startswith, "arn:") { $0.startsWith($1, $2) },
        .literal(.startswith, "Cons") { $0.startsWith($1, $2) }, .literal(.startswith, "/tmp") { $0.startsWith($1, $2) },
        .literal(.endswith, "") { $0.endsWith($1, $2) }, .literal(.endswith, ".com") { $0.endsWith($1, $2) },
        .literal(.endswith, "Login") { $0.endsWith($1, $2) },
        .literal(.glob, "*Login*") { $0.glob($1, $2) }, .literal(.glob, "[A-C]?*") { $0.glob($1, $2) },
        .literal(.glob, "[!a-z]*") { $0.glob($1, $2) }, .literal(.glob, "[^a-z]*") { $0.glob($1, $2) },
        .literal(.glob, "*[[:digit:]]*") { $0.glob($1, $2) }, .literal(.glob, "[[:alpha:]]*") { $0.glob($1, $2) },
        .literal(.glob, "\\*") { $0.glob($1, $2) }, .literal(.glob, "*\\") { $0.glob($1, $2) },
        .literal(.glob, "?") { $0.glob($1, $2) }, .literal(.glob, "*") { $0.glob($1, $2) },
        .literal(.glob, "") { $0.glob($1, $2) }, .literal(.glob, "[") { $0.glob($1, $2) },
        .literal(.glob, "[]]*") { $0.glob($1, $2) }, .literal(.glob, "[a-]*") { $0.glob($1, $2) },
        .literal(.glob, "*/*") { $0.glob($1, $2) }, .literal(.glob, "\\[*") { $0.glob($1, $2) },
        .literal(.glob, "*[*") { $0.glob($1, $2) }, .literal(.glob, "a*b?c\\[d]") { $0.glob($1, $2) },
        .literal(.glob, "us-*-?") { $0.glob($1, $2) }, .literal(.glob, "?*?*?*?*?*") { $0.glob($1, $2) },
        .literal(.iglob, "*ROLE*") { $0.iglob($1, $2) }, .literal(.iglob, "*LOGIN*") { $0.iglob($1, $2) },
        .literal(.iglob, "[a-c]*") { $0.iglob($1, $2) }, .literal(.iglob, "[!A-Z]*") { $0.iglob($1, $2) },
        .set(.in, ["us-east-1", "true", "false", ""]), .set(.in, ["ConsoleLogin", "root"]),
        .set(.intersects, ["ROOT", "/tmp"]),
        .paths(["/tmp", "/a/b"]), .paths(["/tmp/*"]), .paths(["/"]), .paths(["tmp"]), .paths(["/a/*/c"]),
        .paths(["/tmp/[x]"]), .paths(["/a/b/c/d"]),
        .regex("Get.*"), .regex(".*"), .regex("[a-z]+"), .regex("a|b"), .regex("(ConsoleLogin|root)"),
        .regex("us-[a-z]+-[0-9]"),
    ]
}

extension DifferentialTests {
    /// `fnmatch(pattern, value, 0 or FNM_CASEFOLD)` for glob probes on string values, else nil.
    static func fnmatch(_ probe: OperatorProbe, _ value: RefValue) -> Bool? {
        #if canImport(Glibc)
        guard probe.op == .glob || probe.op == .iglob, case .string(let s) = value else { return nil }
        let flags: Int32 = probe.op == .iglob ? 1 << 4 : 0  // FNM_CASEFOLD
        return Glibc.fnmatch(probe.values[0], String(decoding: s, as: UTF8.self), flags) == 0
        #else
        return nil
        #endif
    }

    /// Every probe on every edge value (and on absent and non-string values), called through the
    /// same `Event` entry points as generated code, against the reference's operators.
    @Test func operatorsAgreeWithTheReference() {
        let values = EdgeRecords.strings + EdgeRecords.others + [#""IyEvYmluL2Jhc2g""#, #""Get\u0000Object""#]
        let event = Event(fields: [FieldRequest(.jsonValue, argument: "/v")], context: EventContext(hostname: "test"))
        var checked = 0
        var disagreements: [String] = []
        var unsupported: [String] = []
        for (n, value) in (values + ["absent"]).enumerated() {
            let record = value == "absent" ? "{}" : "{\"v\":\(value)}"
            do { try event.load(record: Array(record.utf8)[...], number: UInt64(n + 1)) } catch {
                disagreements.append("the runtime rejects \(record)")
                continue
            }
            let reference = ReferenceRecord(bytes: Array(record.utf8)).value(name: "json.value", argument: "/v")
            for probe in OperatorProbe.all {
                checked += 1
                let ours: Bool
                switch ReferenceEvaluator.apply(probe.op, to: reference, values: probe.values) {
                case .match: ours = true
                case .noMatch: ours = false
                case .unsupported(let why):
                    unsupported.append("\(probe.op.rawValue) \(probe.values) on \(record): \(why)")
                    continue
                }
                let runtime = probe.runtime(event, 0)
                if runtime != ours {
                    disagreements.append("\(reference) \(probe.op.rawValue) \(probe.values): runtime \(runtime), reference \(ours)  (record \(record))")
                }
                // A third opinion for globs: the C library's fnmatch in the C locale.
                if let libc = Self.fnmatch(probe, reference), libc != ours {
                    disagreements.append("\(reference) \(probe.op.rawValue) \(probe.values): libc fnmatch \(libc), reference \(ours)  (record \(record))")
                }
            }
        }
        print("DifferentialTests (operators): \(OperatorProbe.all.count) probes x \(values.count + 1) values = \(checked) checks; \(disagreements.count) disagreements")
        for d in disagreements.prefix(30) { print("  \(d)") }
        for u in unsupported.prefix(5) { print("  unsupported: \(u)") }
        #expect(disagreements.isEmpty, "\(disagreements.count) operator results differ (first 30 printed)")
        #expect(unsupported.isEmpty)
    }
}
