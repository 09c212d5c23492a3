// Exports.swift - the model types appear in the runtime API (field requests, priorities), so
// code that imports Runtime sees them without a second import.
@_exported import FalcoModel
