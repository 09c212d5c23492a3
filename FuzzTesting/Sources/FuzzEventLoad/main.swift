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
/// Relative to each Event's first record: differs between the two Events forever once a first
/// record took the clock time.
let relativeKinds: Set<FieldKind> = [.evtReltime, .evtReltimeS, .evtReltimeNs]
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
    var fastError: RecordError?, generalError: RecordError?
    do { try fast.load(record: record, number: 1) } catch { fastError = error }
    do { try general.load(record: record, number: 1) } catch { generalError = error }
    if fastError != generalError {
        fatalError("fast and general paths disagree: \(String(describing: fastError)) vs \(String(describing: generalError))")
    }
    let fastOK = fastError == nil
    let after = EventTime.now()
    // A record without a usable eventTime, or one Falco would not read, takes the current time: the two loads then differ by the
    // time between them, and so do the evt.* time fields.
    let clockTime = (before...after).contains(fast.timestamp) && (before...after).contains(general.timestamp)
    if fastOK {
        for slot in plan.indices where !(clockTime && timeKinds.contains(plan[slot].kind))
            && !relativeKinds.contains(plan[slot].kind) {
            let (a, b) = (fast.value(slot), general.value(slot))
            if a != b { fatalError("fast and general paths disagree on \(plan[slot]): \(a) vs \(b)") }
        }
        if fast.timestamp != general.timestamp && !clockTime { fatalError("timestamps differ: \(fast.timestamp) vs \(general.timestamp)") }
    }
    return 0
}
