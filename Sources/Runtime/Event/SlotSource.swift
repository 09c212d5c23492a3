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

    /// Plans `request` into `plan` (adding the captures it needs) and says how to read it.
    static func plan(_ request: FieldRequest, into plan: inout CapturePlan) -> SlotSource {
        if request.transform != nil { return .computed }
        func keys(_ k: String...) -> Int32 { Int32(plan.capture(keys: k)) }
        switch request.kind {
        case .jsonValue:
            let pointer = JSONPointer(request.argument ?? "")
            guard !pointer.isWholeDocument, let c = plan.capture(pointer.tokens) else { return .computed }
            return .jsonValue(Int32(c))
        case .ctShortsrc: return .shortSource(keys("eventSource"))
        case .ctManagementevent: return .trueOrFalse(keys("managementEvent"))
        case .ctReadonly: return .trueOrFalse(keys("readOnly"))
        case .ctUserAccountid: return .accountID(keys("userIdentity", "accountId"), keys("recipientAccountId"))
        case .ctRequest: return .compact(keys("requestParameters"))
        case .ctResponse: return .compact(keys("responseElements"))
        case .ctAdditionaleventdata: return .compact(keys("additionalEventData"))
        default:
            guard let path = stringPaths[request.kind] else { return .computed }
            return .stringOrEmpty(Int32(plan.capture(keys: path)))
        }
    }

    /// The plain string fields and their member paths (as `Event.cloudTrailField` reads them).
    static let stringPaths: [FieldKind: [String]] = [
        .ctId: ["eventID"],
        .ctError: ["errorCode"],
        .ctErrormessage: ["errorMessage"],
        .ctTime: ["eventTime"],
        .ctSrc: ["eventSource"],
        .ctName: ["eventName"],
        .ctUserIdentitytype: ["userIdentity", "type"],
        .ctUserPrincipalid: ["userIdentity", "principalId"],
        .ctUserArn: ["userIdentity", "arn"],
        .ctRegion: ["awsRegion"],
        .ctResponseSubnetid: ["responseElements", "subnetId"],
        .ctResponseReservationid: ["responseElements", "reservationId"],
        .ctRequestAvailabilityzone: ["requestParameters", "availabilityZone"],
        .ctRequestCluster: ["requestParameters", "cluster"],
        .ctRequestFunctionname: ["requestParameters", "functionName"],
        .ctRequestGroupname: ["requestParameters", "groupName"],
        .ctRequestHost: ["requestParameters", "Host"],
        .ctRequestName: ["requestParameters", "name"],
        .ctRequestPolicy: ["requestParameters", "policy"],
        .ctRequestReason: ["requestParameters", "reason"],
        .ctRequestTarget: ["requestParameters", "target"],
        .ctRequestDocumentname: ["requestParameters", "documentName"],
        .ctRequestSerialnumber: ["requestParameters", "serialNumber"],
        .ctRequestServicename: ["requestParameters", "serviceName"],
        .ctRequestSubnetid: ["requestParameters", "subnetId"],
        .ctRequestTaskdefinition: ["requestParameters", "taskDefinition"],
        .ctRequestUsername: ["requestParameters", "userName"],
        .ctSrcip: ["sourceIPAddress"],
        .ctUseragent: ["userAgent"],
        .ctRequestid: ["requestID"],
        .ctEventtype: ["eventType"],
        .ctApiversion: ["apiVersion"],
        .ctRecipientaccountid: ["recipientAccountId"],
        .ctServiceeventdetails: ["serviceEventDetails"],
        .ctSharedeventid: ["sharedEventID"],
        .ctVpcendpointid: ["vpcEndpointId"],
        .ctEventcategory: ["eventCategory"],
        .ctAddendumReason: ["addendum", "reason"],
        .ctAddendumUpdatedfields: ["addendum", "updatedFields"],
        .ctAddendumOriginalrequestid: ["addendum", "originalRequestID"],
        .ctAddendumOriginaleventid: ["addendum", "originalEventID"],
        .ctEdgedevicedetails: ["edgeDeviceDetails"],
        .ctTlsdetailsTlsversion: ["tlsDetails", "tlsVersion"],
        .ctTlsdetailsCiphersuite: ["tlsDetails", "cipherSuite"],
        .ctTlsdetailsClientprovidedhostheader: ["tlsDetails", "clientProvidedHostHeader"],
        .s3Bucket: ["requestParameters", "bucketName"],
        .s3Key: ["requestParameters", "key"],
        .ecrRepository: ["requestParameters", "repositoryName"],
        .ecrImagetag: ["requestParameters", "imageTag"],
        .iamRole: ["requestParameters", "roleName"],
        .iamPolicy: ["requestParameters", "policyName"],
    ]
}
