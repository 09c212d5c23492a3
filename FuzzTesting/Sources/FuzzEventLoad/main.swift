// Event.load over one record with a field plan of every catalog field: the in-place scanner (fast
// path) and the full parser (general path) must agree on validity and on every field's value.
import FalcoModel
@_spi(Fuzzing) import Runtime

/// Every catalog field, with sample arguments for the ones that take one.
let plan: [FieldRequest] = FieldCatalog.all.flatMap { info -> [FieldRequest] in
    switch info.argument {
    case .none: return [FieldRequest(info.kind)]
    case .optionalIndex: return [FieldRequest(info.kind), FieldRequest(info.kind, argument: "0"), FieldRequest(info.kind, argument: "2")]
    case .requiredKey:
        return ["/eventName", "/userIdentity/arn", "/requestParameters/a/0", "/a~1b", "/resources/0/ARN", "/"].map {
            FieldRequest(info.kind, argument: $0)
        }
    }
}
let timeKinds: Set<FieldKind> = [.evtTime, .evtTimeS, .evtTimeISO8601, .evtDatetime, .evtDatetimeS, .evtRawtime,
                                  .evtRawtimeS, .evtRawtimeNs, .evtReltime, .evtReltimeS, .evtReltimeNs, .jsonRawtime]
let fast = Event(fields: plan, context: EventContext(hostname: "fuzz"))
let general: Event = {
    let e = Event(fields: plan, context: EventContext(hostname: "fuzz"))
    e.fuzzingExtractsFromTape = true
    return e
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventLoad(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let record = ByteString(UnsafeBufferPointer(start: data, count: size))
    let before = EventTime.now()
    let fastOK = (try? fast.load(record: record, number: 1)) != nil
    let generalOK = (try? general.load(record: record, number: 1)) != nil
    let after = EventTime.now()
    // A record without a usable eventTime takes the current time: the two loads then differ by the
    // time between them, and so do the evt.* time fields.
    let clockTime = (before...after).contains(fast.timestamp) && (before...after).contains(general.timestamp)
    if fastOK != generalOK { fatalError("fast and general paths disagree on validity: \(fastOK) vs \(generalOK)") }
    if fastOK {
        for slot in plan.indices where !(clockTime && timeKinds.contains(plan[slot].kind)) {
            let (a, b) = (fast.value(slot), general.value(slot))
            if a != b { fatalError("fast and general paths disagree on \(plan[slot]): \(a) vs \(b)") }
        }
        if fast.timestamp != general.timestamp && !clockTime { fatalError("timestamps differ: \(fast.timestamp) vs \(general.timestamp)") }
    }
    return 0
}
