// main.swift - the peregrine command. SKELETON.
import Detections
import Runtime

print("peregrine: \(Detections.ruleSet.rules.count) rules")
