// OperatorTests.swift - Falco operator semantics on field slots (spec §3.4).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Runtime
import Testing

/// Slot 0: `json.value[/v]` (a string field whose value the test chooses); slot 1: `s3.bytes.in`
/// (a number); slot 2: `ec2.imageids` (a list).
private func event(_ v: String?, bytes: String? = nil, imageIDs: [String]? = nil) throws -> Event {
    var members: [String] = []
    if let v { members.append("\"v\":\(v)") }
    if let bytes { members.append("\"additionalEventData\":{\"bytesTransferredIn\":\(bytes)}") }
    if let imageIDs {
        let items = imageIDs.map { "{\"imageId\":\"\($0)\"}" }.joined(separator: ",")
        members.append("\"responseElements\":{\"instancesSet\":{\"items\":[\(items)]}}")
    }
    return try loadEvent("{" + members.joined(separator: ",") + "}", [
        FieldRequest(.jsonValue, argument: "/v"), FieldRequest(.s3BytesIn), FieldRequest(.ec2Imageids),
    ])
}

@Suite struct OperatorTests {
    @Test func absentIsFalseForEveryOperator() throws {
        let e = try event(nil)
        #expect(!e.exists(0))
        #expect(!e.equal(0, "x"))
        #expect(!e.notEqual(0, "x"))
        #expect(!e.less(0, "x") && !e.lessEqual(0, "x") && !e.greater(0, "x") && !e.greaterEqual(0, "x"))
        #expect(!e.contains(0, "") && !e.icontains(0, "") && !e.bcontains(0, ""))
        #expect(!e.startsWith(0, "") && !e.bstartsWith(0, "") && !e.endsWith(0, ""))
        #expect(!e.glob(0, "*") && !e.iglob(0, "*"))
        #expect(!e.regex(0, RegexPattern(".*")))
        #expect(!e.isIn(0, StringSet([""])) && !e.intersects(0, StringSet([""])))
        #expect(!e.pmatch(0, PathPrefixSet(["/"])))
        #expect(!e.exists(1))
        #expect(!e.equal(1, 0) && !e.notEqual(1, 0) && !e.less(1, 1) && !e.greaterEqual(1, 0))
        #expect(!e.isIn(1, NumberSet([0])) && !e.intersects(1, NumberSet([0])))
        #expect(!e.exists(2) && !e.isIn(2, StringSet(["a"])) && !e.intersects(2, StringSet(["a"])))
    }

    @Test func emptyStringIsPresent() throws {
        let e = try event("\"\"")
        #expect(e.exists(0))
        #expect(e.equal(0, ""))
        #expect(e.notEqual(0, "x"))
        #expect(e.contains(0, ""))
        #expect(e.startsWith(0, "") && e.endsWith(0, ""))
        #expect(e.glob(0, "*") && !e.glob(0, "?"))
    }

    @Test func equalityAndOrdering() throws {
        let e = try event("\"Run\"")
        #expect(e.equal(0, "Run") && !e.equal(0, "run") && !e.equal(0, "Ru") && !e.equal(0, "Runs"))
        #expect(e.notEqual(0, "run") && !e.notEqual(0, "Run"))
        #expect(e.less(0, "Rz") && e.less(0, "Runs") && !e.less(0, "Run") && !e.less(0, "Ru"))
        #expect(e.lessEqual(0, "Run") && e.greater(0, "Ru") && e.greater(0, "A") && e.greaterEqual(0, "Run"))
        // strcmp compares unsigned bytes: "é" (0xC3 0xA9) sorts after "z".
        let accented = try event("\"\\u00e9\"")
        #expect(accented.greater(0, "z") && accented.equal(0, "é"))
    }

    @Test func valuesAndLiteralsAreCutAtNUL() throws {
        let e = try event("\"ab\\u0000cd\"")
        #expect(e.value(0) == .str("ab"))
        #expect(e.equal(0, "ab"))
        #expect(!e.contains(0, "cd"))
        #expect(e.equal(0, "ab\0zz"), "a literal is a C string too")
        #expect(e.isIn(0, StringSet(["ab\0x"])))
    }

    @Test func substringOperators() throws {
        let e = try event("\"arn:aws:iam::123:Role/Admin\"")
        #expect(e.contains(0, "Role/") && !e.contains(0, "role/") && e.contains(0, ""))
        #expect(e.contains(0, "n") && e.contains(0, "Admin") && !e.contains(0, "Admins"))
        #expect(e.icontains(0, "ROLE/admin") && e.icontains(0, "arn:AWS"))
        #expect(e.bcontains(0, "iam::"))
        #expect(e.startsWith(0, "arn:aws") && !e.startsWith(0, "Arn") && e.bstartsWith(0, "arn"))
        #expect(e.endsWith(0, "/Admin") && !e.endsWith(0, "admin") && !e.endsWith(0, "x/Admin"))
        #expect(!e.startsWith(0, "arn:aws:iam::123:Role/Admin/more"))
        // strcasestr folds ASCII only.
        let accented = try event("\"CAFÉ\"")
        #expect(accented.icontains(0, "café") == false)
        #expect(accented.icontains(0, "cafÉ"))
    }

    @Test func globBasics() throws {
        let e = try event("\"s3.amazonaws.com/a/b\"")
        #expect(e.glob(0, "*"))
        #expect(e.glob(0, "s3.*"))
        #expect(e.glob(0, "*amazonaws.com*"))
        #expect(e.glob(0, "s3.amazonaws.com/*"), "* matches / (no FNM_PATHNAME)")
        #expect(e.glob(0, "s?.amazonaws.com/?/b"))
        #expect(!e.glob(0, "S3.*"))
        #expect(e.iglob(0, "S3.*AMAZONAWS*"))
        #expect(e.glob(0, "[rs]3.*") && !e.glob(0, "[!s]3.*") && !e.glob(0, "[^s]3.*"))
        #expect(e.glob(0, "[a-z][0-9].*"))
        #expect(e.glob(0, "[[:alpha:]][[:digit:]]*"))
    }

    @Test func globEdgeCases() throws {
        #expect(try event("\"a*b\"").glob(0, "a\\*b"))
        #expect(try !event("\"axb\"").glob(0, "a\\*b"))
        #expect(try event("\"]\"").glob(0, "[]]"))
        #expect(try event("\"a\"").glob(0, "[!]]"))
        #expect(try !event("\"ab\\\\\"").glob(0, "ab\\"), "a trailing backslash never matches")
        #expect(try event("\"[ab\"").glob(0, "[ab"), "an unterminated [ is literal")
        #expect(try !event("\"a\"").glob(0, "[ab"), "… unless a member matched first")
        #expect(try event("\"-\"").glob(0, "[a-]"))
        #expect(try !event("\"a\"").glob(0, "[[:foo:]]"), "unknown class never matches")
        #expect(try event("\"x\"").glob(0, "*?*"))
        #expect(try !event("\"\"").glob(0, "*?*"))
        #expect(try event("\"aaa\"").glob(0, "a*a*a"))
        #expect(try !event("\"aa\"").glob(0, "a*a*a"))
    }

    /// Our fnmatch against the C library's, on many generated pattern/string pairs.
    @Test func globAgreesWithLibcFnmatch() throws {
        var rng = SplitMix(seed: 0x5eed)
        let patternAlphabet: [String] = ["a", "b", "A", "/", "*", "?", "[", "]", "!", "^", "-", "\\", ":", "[:alpha:]", "[:digit:]", "1"]
        let stringAlphabet: [String] = ["a", "b", "A", "B", "/", "[", "]", "-", "\\", "1", "*", "?", "!"]
        var compared = 0, matched = 0
        for _ in 0..<20_000 {
            let pattern = (0..<Int(rng.next() % 7)).map { _ in patternAlphabet[Int(rng.next() % UInt64(patternAlphabet.count))] }.joined()
            let string = (0..<Int(rng.next() % 6)).map { _ in stringAlphabet[Int(rng.next() % UInt64(stringAlphabet.count))] }.joined()
            for fold in [false, true] {
                let expected = fnmatch(pattern, string, fold ? 1 << 4 : 0) == 0
                let got = Array(pattern.utf8).withUnsafeBytes { p in
                    Array(string.utf8).withUnsafeBytes { s in Glob.match(p, s, caseFold: fold) }
                }
                #expect(got == expected, "fnmatch(\"\(pattern)\", \"\(string)\", fold: \(fold))")
                compared += 1
                if expected { matched += 1 }
            }
        }
        #expect(compared == 40_000)
        #expect(matched > 1_000, "the generated cases must include many matches (\(matched))")
    }

    @Test func regexIsAFullMatchWithPOSIXSyntax() throws {
        let e = try event("\"AssumeRoleWithSAML\"")
        #expect(e.regex(0, RegexPattern("Assume.*")))
        #expect(!e.regex(0, RegexPattern("Assume")), "anchored at both ends")
        #expect(e.regex(0, RegexPattern("(Assume|Get)Role(WithSAML)?")))
        #expect(e.regex(0, RegexPattern("[[:upper:]][a-z]+.*")))
        #expect(!e.regex(0, RegexPattern("assume.*")))
        #expect(try event("\"a.b\"").regex(0, RegexPattern("a\\.b")))
        #expect(try !event("\"axb\"").regex(0, RegexPattern("a\\.b")))
        #expect(try !event("\"a\\nb\"").regex(0, RegexPattern("a.b")), "RE2's dot does not match newline")
        #expect(try event("\"a{b\"").regex(0, RegexPattern("a{b")), "a brace that is no repetition is literal")
        #expect(try event("\"aaa\"").regex(0, RegexPattern("a{2,3}")))
        #expect(RegexDialect.error(in: "a.*b") == nil)
        #expect(RegexDialect.error(in: "\\d+") != nil, "Perl classes are not POSIX syntax")
        #expect(RegexDialect.error(in: "(?i)abc") != nil)
        #expect(RegexDialect.error(in: "[abc") != nil)
        #expect(RegexDialect.error(in: "a{2000}") != nil)
        #expect(RegexDialect.error(in: "*a") != nil)
        #expect(RegexPattern("(").matches(ByteString(Array("(".utf8))) == false, "a refused pattern matches nothing, it does not trap")
        for valid in ["[[:word:]]+", "[[:ascii:]]*", "^a$", "a|b", "(a)*", "[^a-z]", "[]a]", "[a-]", "\\x41", "\\x{1F600}", "\\101", "a\\-b", "#@!~&%"] {
            #expect(RegexDialect.error(in: valid) == nil, "\(valid): \(RegexDialect.error(in: valid) ?? "")")
        }
        #expect(RegexDialect.error(in: "[a-b-c]") != nil, "POSIX: '-' only at the ends of a class")
        #expect(RegexDialect.error(in: "[z-a]") != nil)
        #expect(try event("\"A\"").regex(0, RegexPattern("\\101")), "octal escape")
        #expect(try event("\"]\"").regex(0, RegexPattern("[]a]")))
        #expect(try event("\"a&&b\"").regex(0, RegexPattern("[a&]+b")), "no Swift set operators in classes")
        #expect(try event("\"x\\ny\"").regex(0, RegexPattern("x$\\n^y")), "^ and $ match at line breaks")
        #expect(try !event("\"ab\"").regex(0, RegexPattern("a|b")))
    }

    @Test func setsOnStringFields() throws {
        let e = try event("\"us-east-1\"")
        let regions = StringSet(["us-east-1", "eu-west-1", "us-east-1"])
        #expect(regions.count == 2)
        #expect(e.isIn(0, regions) && e.intersects(0, regions))
        #expect(!e.isIn(0, StringSet(["us-east-2", "US-EAST-1", "us-east-1 "])))
        #expect(!e.isIn(0, StringSet([])))
        let big = StringSet((0..<1000).map { _ in "x" } + ["us-east-1"])
        #expect(e.isIn(0, big))
    }

    @Test func setsOnListFields() throws {
        let two = try event(nil, imageIDs: ["ami-1", "ami-2"])
        #expect(two.isIn(2, StringSet(["ami-1", "ami-2", "ami-3"])))
        #expect(!two.isIn(2, StringSet(["ami-1"])), "in: all values must be in the set")
        #expect(two.intersects(2, StringSet(["ami-1"])), "intersects: any value")
        #expect(!two.intersects(2, StringSet(["ami-9"])))
        #expect(two.exists(2))
        #expect(!two.equal(2, "ami-1"), "scalar operators do not apply to lists")
        let none = try event(nil, imageIDs: [])
        #expect(!none.exists(2) && !none.isIn(2, StringSet(["ami-1"])))
    }

    @Test func pathPrefixMatching() throws {
        let set = PathPrefixSet(["/tmp/hello", "/usr/lib", "/usr", "/var/*/log", "/opt/a[bc]"])
        func m(_ v: String) throws -> Bool { try event("\"\(v)\"").pmatch(0, set) }
        #expect(try m("/tmp/hello") && m("/tmp/hello/x") && m("tmp//hello/"))
        #expect(try !m("/tmp/hello_world") && !m("/tmp") && !m("/") && !m(""))
        #expect(try m("/usr") && m("/usr/bin/x") && m("/usr/lib/x"))
        #expect(try m("/var/app/log") && m("/var/app/log/x.log") && !m("/var/app/logs") && !m("/var/log"))
        #expect(try m("/opt/ab") && m("/opt/ac/x") && !m("/opt/ad"))
        let everything = PathPrefixSet(["/", "/etc"])
        #expect(try event("\"anything\"").pmatch(0, everything))
        #expect(try event("\"\"").pmatch(0, everything))
        #expect(try !event("\"/etc\"").pmatch(0, PathPrefixSet([])))
        // A longer entry added after a shorter one does not narrow it.
        #expect(try event("\"/a/x\"").pmatch(0, PathPrefixSet(["/a", "/a/b"])))
        #expect(try event("\"/a/x\"").pmatch(0, PathPrefixSet(["/a/b", "/a"])))
    }

    @Test func numericOperators() throws {
        let e = try event(nil, bytes: "791")
        #expect(e.exists(1))
        #expect(e.equal(1, 791) && !e.equal(1, 790))
        #expect(e.notEqual(1, 790) && !e.notEqual(1, 791))
        #expect(e.less(1, 792) && !e.less(1, 791) && e.lessEqual(1, 791))
        #expect(e.greater(1, 0) && !e.greater(1, 791) && e.greaterEqual(1, 791))
        #expect(e.isIn(1, NumberSet([1, 791])) && !e.isIn(1, NumberSet([1])))
        #expect(e.intersects(1, NumberSet([791])))
        #expect(!e.equal(0, 0), "numeric operators on an absent string slot")
    }
}

/// Deterministic random numbers for the fnmatch comparison.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
