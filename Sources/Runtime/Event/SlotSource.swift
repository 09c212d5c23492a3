// SlotSource.swift - how each slot is read: straight from a captured value, or computed.

/// Where a slot's value comes from on the fast path.
///
/// Most fields the rules compare are one JSON value at a fixed path, turned into a string the way
/// the plugin does (spec §2.3, §2.5). Those are planned as captures (`CapturePlan`) and read
/// straight from the record's bytes: no parse tree, no copy, no `String`. Everything else (fields
/// combining several values — `ct.user`, `ct.info`, `s3.uri`, `ec2.*` —, `evt.*`, transformers)
/// is computed by the general extractors in `CloudTrailFields`/`JSONFields`/`EvtFields` from the
/// parsed record, which is built only when such a slot is read. Both paths give identical values
/// (`CapturedFieldTests` compares them on every dataset record).
@usableFromInline enum SlotSource: Sendable {
    /// Missing → absent; a string → its unescaped text; any other value → `""` (the plugin's
    /// `GetStringBytes` pattern).
    case stringOrEmpty(Int32)
    /// `ct.shortsrc`: `stringOrEmpty` less a trailing `.amazonaws.com`.
    case shortSource(Int32)
    /// Missing → absent; JSON `true` → "true"; anything else → "false".
    case trueOrFalse(Int32)
    /// `ct.user.accountid`: `userIdentity.accountId` when present, else `recipientAccountId`.
    case accountID(Int32, Int32)
    /// `json.value[/path]`: a string → unescaped; any other value → its compact JSON text.
    case jsonValue(Int32)
    /// `ct.request`, `ct.response`, `ct.additionaleventdata`: the compact JSON text.
    case compact(Int32)
    /// Computed by the general extractors.
    case computed

    /// Plans `request` into `plan` (adding the captures it needs) and says how to read it: the
    /// catalog's `FieldExtraction` gives the member paths.
    static func plan(_ request: FieldRequest, into plan: inout CapturePlan) -> SlotSource {
        if request.transform != nil { return .computed }
        func keys(_ k: [String]) -> Int32 { Int32(plan.capture(keys: k)) }
        switch FieldCatalog.info(request.kind).extraction {
        case .jsonPointer:
            let pointer = JSONPointer(request.argument ?? "")
            guard !pointer.isWholeDocument, let c = plan.capture(pointer.tokens) else { return .computed }
            return .jsonValue(Int32(c))
        case .string(let p): return .stringOrEmpty(keys(p))
        case .shortSource(let p): return .shortSource(keys(p))
        case .trueOrFalse(let p): return .trueOrFalse(keys(p))
        case .accountID(let p, let fallback): return .accountID(keys(p), keys(fallback))
        case .compactJSON(let p): return .compact(keys(p))
        case .derived: return .computed
        }
    }
}
