// JSONFields.swift - the json plugin's json.value[...], json.obj and json.rawtime (spec §2.5).

extension Event {
    /// Extracts a json plugin field (`jevt.*` are the same fields under another name).
    ///
    /// The json plugin refuses payloads whose first byte is not `{` or `[`, so a record with leading
    /// whitespace has no json.* fields, as in Falco.
    func jsonField(_ kind: FieldKind, _ argument: PreparedArgument) -> FieldValue {
        guard let first = parsedTape.source.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            return .absent
        }
        switch kind {
        case .jsonValue:
            guard case .pointer(let pointer) = argument else { return .absent }
            if pointer.isWholeDocument { return .string(ByteString(parsedTape.compact(parsedTape.root))) }
            guard let node = pointer.resolve(in: parsedTape) else { return .absent }
            // A string is unescaped; any other value is its compact JSON text (MarshalTo).
            if parsedTape.kind(node) == .string { return .string(parsedTape.string(node)) }
            return .string(ByteString(parsedTape.compact(node)))
        case .jsonObj:
            var out: [UInt8] = []
            out.reserveCapacity(parsedTape.source.count * 2)
            parsedTape.appendIndented(to: &out)
            return .string(ByteString(out))
        case .jsonRawtime:
            return .text(String(UInt64(bitPattern: timestamp)))
        default:
            return .absent  // not reached: `extract` routes only the json class here
        }
    }
}
