// RuleVariants.swift - a ten-times-larger rule set: Falco's upstream rules plus generated variants.

/// Builds a rules file of about 300 rules from Falco's `aws_cloudtrail_rules.yaml`: the file
/// unchanged, then `copies` variants of each enabled rule.
///
/// A variant keeps the rule's condition, macros, lists and output, and differs in two ways that
/// keep the cost honest without flooding the output with alerts:
/// - its `ct.name = "X"` comparisons name another, *common* event (Decrypt, GetUser, ...), so the
///   variant is really evaluated on many events; every fourth variant uses `ct.name startswith`
///   a common prefix instead, which the event-name index cannot bucket, so it runs on every event
///   (as rules on a service or a principal do);
/// - it ends with `and ct.srcip startswith "198.51.100."` (TEST-NET-2, never in the corpus), so it
///   evaluates its whole condition and then does not alert.
enum RuleVariants {
    static let commonNames = [
        "Decrypt", "DescribeRouteTables", "GetUser", "DescribeParameters", "ListTagsForResource", "GetParameter",
        "DeleteParameter", "PutParameter", "GetSecretValue", "DescribeNatGateways", "AssumeRole", "DescribeVpcAttribute",
        "DescribeEventAggregates", "DescribeVpcs", "GetBucketAcl", "Encrypt", "DescribeAccountAttributes",
        "DescribeSubnets", "ListAttachedRolePolicies", "GetResourcePolicy", "DescribeSecret", "DescribeDBInstances",
        "ListRolePolicies", "GetRole", "DescribeSecurityGroups", "GetPasswordData", "DescribeInstanceInformation",
        "HeadBucket", "ListObjects", "DescribeInstances", "GenerateDataKey", "GetCallerIdentity",
    ]
    static let commonPrefixes = ["Describe", "Get", "List", "Put", "Delete", "Create", "Update", "Assume"]

    static func generate(upstream: String, copies: Int) -> String {
        let blocks = split(upstream)
        var out = upstream
        if !out.hasSuffix("\n") { out += "\n" }
        out += "\n# ---- generated variants (peregrine-bench rules --copies \(copies)) ----\n"
        var serial = 0
        for block in blocks where block.hasPrefix("- rule:") && !block.contains("enabled: false") {
            for k in 1...copies {
                serial += 1
                out += "\n" + variant(block, number: k, serial: serial)
            }
        }
        return out
    }

    /// Top-level YAML items: each starts at a line beginning with `- `.
    static func split(_ text: String) -> [String] {
        var blocks: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("- ") {
                if !current.isEmpty { blocks.append(current) }
                current = ""
            }
            if line.hasPrefix("#") { continue }
            if !current.isEmpty || line.hasPrefix("- ") { current += line + "\n" }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    static func variant(_ block: String, number k: Int, serial: Int) -> String {
        var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] += " (variant \(k))"
        // The condition: from `  condition:` to the next two-space key.
        guard let c = lines.firstIndex(where: { $0.hasPrefix("  condition:") }) else { return block }
        var end = c + 1
        while end < lines.count, lines[end].hasPrefix("   ") || lines[end].isEmpty { end += 1 }
        var condition = lines[c].dropFirst("  condition:".count).trimmingSpaces
        for l in lines[(c + 1)..<end] { condition += " " + l.trimmingSpaces }
        condition = replaceEventNames(condition, k: k, serial: serial)
        let replacement = ["  condition:", "    (\(condition.trimmingSpaces))", #"    and ct.srcip startswith "198.51.100.""#]
        lines.replaceSubrange(c..<end, with: replacement)
        return lines.joined(separator: "\n")
    }

    /// Rewrites each `ct.name="X"` / `ct.name = "X"`.
    static func replaceEventNames(_ condition: String, k: Int, serial: Int) -> String {
        var out = ""
        var rest = Substring(condition)
        var n = 0
        while let r = rest.range(of: "ct.name") {
            out += rest[..<r.lowerBound]
            var after = rest[r.upperBound...]
            let trimmed = after.drop { $0 == " " }
            guard trimmed.first == "=" else {
                out += "ct.name"
                rest = after
                continue
            }
            after = trimmed.drop { $0 == "=" }.drop { $0 == " " }
            guard after.first == "\"", let close = after.dropFirst().firstIndex(of: "\"") else {
                out += "ct.name"
                rest = rest[r.upperBound...]
                continue
            }
            n += 1
            if k % 4 == 0 {
                out += "ct.name startswith \"\(commonPrefixes[(serial + n) % commonPrefixes.count])\""
            } else {
                out += "ct.name=\"\(commonNames[(serial * 7 + n) % commonNames.count])\""
            }
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
