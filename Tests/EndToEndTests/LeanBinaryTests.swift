// LeanBinaryTests.swift - the shipped executable links neither Foundation nor the rule compiler.
import Foundation
import Testing

/// Foundation's ICU data made the static binary 73 MB and its `getaddrinfo` needs glibc's NSS at
/// run time; the compiler has no business in a scanner. Their Swift symbols carry their module
/// name in the mangling (`$s10Foundation…`), so one look at the symbol table tells.
@Suite struct LeanBinaryTests {
    static let forbiddenModules = ["Foundation", "FoundationEssentials", "FoundationInternationalization",
                                   "FoundationNetworking", "RuleCompiler"]

    /// Swift mangles a module name as its length and its text: `10Foundation`.
    static func mangled(_ module: String) -> String { "\(module.utf8.count)\(module)" }

    @Test func noFoundationAndNoCompilerInTheExecutable() throws {
        let binary = try PeregrineProcess.binary()
        let nm = try PeregrineProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["nm", "--defined-only", binary.path])
        #expect(nm.status == 0, "\(nm.summary)")
        let symbols = nm.stdoutLines
        #expect(symbols.count > 1000, "nm listed too few symbols to judge: \(symbols.count)")
        let undefined = try PeregrineProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["nm", "--undefined-only", binary.path]).stdoutLines
        for module in Self.forbiddenModules {
            let needle = "$s" + Self.mangled(module)
            let hits = (symbols + undefined).filter { $0.contains(needle) }
            #expect(hits.isEmpty, "\(binary.path) contains \(hits.count) symbols of \(module), e.g. \(hits.prefix(3))")
        }
        // A dynamic build must not load Foundation's libraries either.
        let ldd = try PeregrineProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["ldd", binary.path])
        #expect(!String(decoding: ldd.stdout, as: UTF8.self).contains("libFoundation"), "\(String(decoding: ldd.stdout, as: UTF8.self))")
    }
}
