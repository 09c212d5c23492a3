// Detections.swift - the rules target: each YAML file here is compiled into <name>.rules.swift
// by RuleCompilerPlugin at build time. This file exists because SwiftPM skips a target (and its
// plugins) that has no Swift source.
import Runtime

/// The rules compiled into this binary.
public enum Detections {
    public static var ruleSet: RuleSet { generatedRuleSet }
}
