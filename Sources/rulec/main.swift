// main.swift - rulec: compile Falco rule files into Swift (run by the build plugin).
// SKELETON: replaced by the real pipeline driver.
import Foundation

let args = CommandLine.arguments
if let i = args.firstIndex(of: "--output"), i + 1 < args.count {
    let text = """
    import Runtime
    let generatedRuleSet = RuleSet(fields: [], rules: [], dispatch: EventNameDispatch(buckets: [], always: []), eventNameSlot: nil, sources: [])

    """
    try text.write(toFile: args[i + 1], atomically: true, encoding: .utf8)
}
