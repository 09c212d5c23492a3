// Exports.swift - the model types appear in the compiler API (checked fields, priorities), so
// code that imports RuleCompiler sees them without a second import.
@_exported import FalcoModel
