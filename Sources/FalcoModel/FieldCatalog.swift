// FieldCatalog.swift - the single table of fields a condition or output may use on aws_cloudtrail.

/// The fields of the aws_cloudtrail source: libsinsp's generic `evt.*` class, the cloudtrail
/// plugin's fields and the json plugin's (spec §2.3, §2.5, §2.6).
public enum FieldCatalog {
    public static func lookup(_ name: String) -> FieldInfo? { byName[name] }

    /// The catalog entry of an extractor (the first name when aliases share one: `json.value`).
    public static func info(_ kind: FieldKind) -> FieldInfo { byKind[kind]! }

    public static let all: [FieldInfo] = evtFields + cloudtrailFields + jsonFields

    private static let byName: [String: FieldInfo] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    private static let byKind: [FieldKind: FieldInfo] = Dictionary(all.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })

    /// Field names that are close to `name`, for "did you mean" notes.
    public static func suggestions(for name: String) -> [String] {
        let scored = all.filter { !$0.isHidden }.map { ($0.name, editDistance($0.name, name)) }
        let best = scored.map(\.1).min() ?? Int.max
        guard best <= max(2, name.count / 4) else { return [] }
        return scored.filter { $0.1 == best }.map(\.0).sorted()
    }

    /// Levenshtein distance, for "did you mean" notes.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var prev = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return a.isEmpty ? b.count : prev[b.count]
    }

    private static func f(_ name: String, _ type: FieldType = .string, _ cls: FieldClass, _ kind: FieldKind,
                          read: FieldExtraction = .derived, list: Bool = false, arg: FieldArgument = .none,
                          hidden: Bool = false, _ desc: String) -> FieldInfo {
        FieldInfo(name: name, kind: kind, type: type, isList: list, argument: arg, isHidden: hidden, fieldClass: cls,
                  description: desc, extraction: read)
    }

    static let evtFields: [FieldInfo] = [
        f("evt.num", .uint64, .evt, .evtNum, "event number: 1 for the first event read, counting every event of the run."),
        f("evt.time", .string, .evt, .evtTime, "event timestamp (eventTime) as local time HH:MM:SS.nnnnnnnnn."),
        f("evt.time.s", .string, .evt, .evtTimeS, "event timestamp as local time HH:MM:SS."),
        f("evt.time.iso8601", .string, .evt, .evtTimeISO8601, "event timestamp in ISO 8601 with nanoseconds and UTC offset: YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000."),
        f("evt.datetime", .string, .evt, .evtDatetime, "event timestamp as local date and time: YYYY-MM-DD HH:MM:SS.nnnnnnnnn."),
        f("evt.datetime.s", .string, .evt, .evtDatetimeS, "event timestamp as local date and time: YYYY-MM-DD HH:MM:SS."),
        f("evt.rawtime", .abstime, .evt, .evtRawtime, "absolute event timestamp: nanoseconds since the epoch."),
        f("evt.rawtime.s", .abstime, .evt, .evtRawtimeS, "integer part of the event timestamp (seconds since the epoch)."),
        f("evt.rawtime.ns", .abstime, .evt, .evtRawtimeNs, "fractional part of the absolute event timestamp (nanoseconds)."),
        f("evt.reltime", .reltime, .evt, .evtReltime, "nanoseconds from the first event of the run."),
        f("evt.reltime.s", .reltime, .evt, .evtReltimeS, "seconds part of evt.reltime."),
        f("evt.reltime.ns", .reltime, .evt, .evtReltimeNs, "nanoseconds part of evt.reltime."),
        f("evt.pluginname", .string, .evt, .evtPluginname, "the plugin that generated the event: cloudtrail."),
        f("evt.plugininfo", .string, .evt, .evtPlugininfo, "a summary of the event as the cloudtrail plugin formats it."),
        f("evt.source", .string, .evt, .evtSource, "the event source: aws_cloudtrail."),
        f("evt.is_async", .bool, .evt, .evtIsAsync, "always false for CloudTrail events."),
        f("evt.asynctype", .string, .evt, .evtAsynctype, "always absent for CloudTrail events."),
        f("evt.hostname", .string, .evt, .evtHostname, "the host running the scanner (FALCO_HOSTNAME if set)."),
    ]

    static let cloudtrailFields: [FieldInfo] = [
        f("ct.id", .string, .cloudtrail, .ctId, read: .string(["eventID"]), "the unique ID of the cloudtrail event (eventID in the json)."),
        f("ct.error", .string, .cloudtrail, .ctError, read: .string(["errorCode"]), "the error code from the event. Will be \"\" (e.g. the empty string) if no error."),
        f("ct.errormessage", .string, .cloudtrail, .ctErrormessage, read: .string(["errorMessage"]), "the description of an error, if applicable (errorMessage)."),
        f("ct.time", .string, .cloudtrail, .ctTime, read: .string(["eventTime"]), hidden: true, "the timestamp of the cloudtrail event (eventTime in the json)."),
        f("ct.src", .string, .cloudtrail, .ctSrc, read: .string(["eventSource"]), "the source of the cloudtrail event (eventSource in the json)."),
        f("ct.shortsrc", .string, .cloudtrail, .ctShortsrc, read: .shortSource(["eventSource"]), "the source of the cloudtrail event (eventSource in the json, without the '.amazonaws.com' trailer)."),
        f("ct.name", .string, .cloudtrail, .ctName, read: .string(["eventName"]), "the name of the cloudtrail event (eventName in the json)."),
        f("ct.user", .string, .cloudtrail, .ctUser, "the user of the cloudtrail event (derived from userIdentity by identity type)."),
        f("ct.originaluser", .string, .cloudtrail, .ctOriginaluser, "the user who originated the event; for AssumedRole, the session name."),
        f("ct.user.accountid", .string, .cloudtrail, .ctUserAccountid, read: .accountID(["userIdentity", "accountId"], fallback: ["recipientAccountId"]), "the account id of the user of the cloudtrail event (falls back to recipientAccountId)."),
        f("ct.user.identitytype", .string, .cloudtrail, .ctUserIdentitytype, read: .string(["userIdentity", "type"]), "the kind of user identity (e.g. Root, IAMUser, AWSService, AssumedRole, etc.)"),
        f("ct.user.principalid", .string, .cloudtrail, .ctUserPrincipalid, read: .string(["userIdentity", "principalId"]), "a unique identifier for the user that made the request."),
        f("ct.user.arn", .string, .cloudtrail, .ctUserArn, read: .string(["userIdentity", "arn"]), "the Amazon Resource Name (ARN) of the user that made the request."),
        f("ct.region", .string, .cloudtrail, .ctRegion, read: .string(["awsRegion"]), "the region of the cloudtrail event (awsRegion in the json)."),
        f("ct.response.subnetid", .string, .cloudtrail, .ctResponseSubnetid, read: .string(["responseElements", "subnetId"]), "the subnet ID included in the response."),
        f("ct.response.reservationid", .string, .cloudtrail, .ctResponseReservationid, read: .string(["responseElements", "reservationId"]), "the reservation ID included in the response."),
        f("ct.response", .string, .cloudtrail, .ctResponse, read: .compactJSON(["responseElements"]), "all response elements (responseElements, compact JSON)."),
        f("ct.request.availabilityzone", .string, .cloudtrail, .ctRequestAvailabilityzone, read: .string(["requestParameters", "availabilityZone"]), "the availability zone included in the request."),
        f("ct.request.cluster", .string, .cloudtrail, .ctRequestCluster, read: .string(["requestParameters", "cluster"]), "the cluster included in the request."),
        f("ct.request.functionname", .string, .cloudtrail, .ctRequestFunctionname, read: .string(["requestParameters", "functionName"]), "the function name included in the request."),
        f("ct.request.groupname", .string, .cloudtrail, .ctRequestGroupname, read: .string(["requestParameters", "groupName"]), "the group name included in the request."),
        f("ct.request.host", .string, .cloudtrail, .ctRequestHost, read: .string(["requestParameters", "Host"]), "the host included in the request (requestParameters.Host)."),
        f("ct.request.name", .string, .cloudtrail, .ctRequestName, read: .string(["requestParameters", "name"]), "the name of the entity being acted on in the request."),
        f("ct.request.policy", .string, .cloudtrail, .ctRequestPolicy, read: .string(["requestParameters", "policy"]), "the policy included in the request."),
        f("ct.request.reason", .string, .cloudtrail, .ctRequestReason, read: .string(["requestParameters", "reason"]), "the reason included in the request."),
        f("ct.request.target", .string, .cloudtrail, .ctRequestTarget, read: .string(["requestParameters", "target"]), "the target included in the request."),
        // Deliberate fix: Falco's switch spells the case `ct.request.documentName`, so the field is
        // always absent there (spec §0.1 item 4).
        f("ct.request.documentname", .string, .cloudtrail, .ctRequestDocumentname, read: .string(["requestParameters", "documentName"]), "the document name included in the request (requestParameters.documentName)."),
        f("ct.request.serialnumber", .string, .cloudtrail, .ctRequestSerialnumber, read: .string(["requestParameters", "serialNumber"]), "the serial number provided in the request."),
        f("ct.request.servicename", .string, .cloudtrail, .ctRequestServicename, read: .string(["requestParameters", "serviceName"]), "the service name provided in the request."),
        f("ct.request.subnetid", .string, .cloudtrail, .ctRequestSubnetid, read: .string(["requestParameters", "subnetId"]), "the subnet ID provided in the request."),
        f("ct.request.taskdefinition", .string, .cloudtrail, .ctRequestTaskdefinition, read: .string(["requestParameters", "taskDefinition"]), "the task definition prodided in the request."),
        f("ct.request.username", .string, .cloudtrail, .ctRequestUsername, read: .string(["requestParameters", "userName"]), "the username provided in the request."),
        f("ct.request", .string, .cloudtrail, .ctRequest, read: .compactJSON(["requestParameters"]), "all request parameters (requestParameters, compact JSON)."),
        f("ct.srcip", .string, .cloudtrail, .ctSrcip, read: .string(["sourceIPAddress"]), "the IP address generating the event (sourceIPAddress in the json)."),
        f("ct.useragent", .string, .cloudtrail, .ctUseragent, read: .string(["userAgent"]), "the user agent generating the event (userAgent in the json)."),
        f("ct.info", .string, .cloudtrail, .ctInfo, "summary information about the event. This varies depending on the event type and, for some events, it contains event-specific details."),
        f("ct.managementevent", .string, .cloudtrail, .ctManagementevent, read: .trueOrFalse(["managementEvent"]), "'true' if the event is a management event (managementEvent in the json), 'false' otherwise."),
        f("ct.readonly", .string, .cloudtrail, .ctReadonly, read: .trueOrFalse(["readOnly"]), "'true' if the event only reads information (readOnly in the json), 'false' otherwise."),
        f("ct.requestid", .string, .cloudtrail, .ctRequestid, read: .string(["requestID"]), "the value that identifies the request (requestID in the json)."),
        f("ct.eventtype", .string, .cloudtrail, .ctEventtype, read: .string(["eventType"]), "the type of event that generated the event record (eventType in the json)."),
        f("ct.apiversion", .string, .cloudtrail, .ctApiversion, read: .string(["apiVersion"]), "the API version associated with the AwsApiCall eventType value (apiVersion in the json)."),
        f("ct.resources", .string, .cloudtrail, .ctResources, "a list of resources accessed in the event (resources in the json, elements joined by commas)."),
        f("ct.recipientaccountid", .string, .cloudtrail, .ctRecipientaccountid, read: .string(["recipientAccountId"]), "the account ID that received this event (recipientAccountId in the json)."),
        f("ct.serviceeventdetails", .string, .cloudtrail, .ctServiceeventdetails, read: .string(["serviceEventDetails"]), "the service event details (serviceEventDetails in the json)."),
        f("ct.sharedeventid", .string, .cloudtrail, .ctSharedeventid, read: .string(["sharedEventID"]), "the GUID shared by events of one action across accounts (sharedEventID in the json)."),
        f("ct.vpcendpointid", .string, .cloudtrail, .ctVpcendpointid, read: .string(["vpcEndpointId"]), "the VPC endpoint in which requests were made (vpcEndpointId in the json)."),
        f("ct.eventcategory", .string, .cloudtrail, .ctEventcategory, read: .string(["eventCategory"]), "the event category (eventCategory in the json)."),
        f("ct.addendum.reason", .string, .cloudtrail, .ctAddendumReason, read: .string(["addendum", "reason"]), "the reason that the event or some of its contents were missing (addendum.reason)."),
        f("ct.addendum.updatedfields", .string, .cloudtrail, .ctAddendumUpdatedfields, read: .string(["addendum", "updatedFields"]), "the event record fields that are updated by the addendum (addendum.updatedFields)."),
        f("ct.addendum.originalrequestid", .string, .cloudtrail, .ctAddendumOriginalrequestid, read: .string(["addendum", "originalRequestID"]), "the original unique ID of the request (addendum.originalRequestID)."),
        f("ct.addendum.originaleventid", .string, .cloudtrail, .ctAddendumOriginaleventid, read: .string(["addendum", "originalEventID"]), "the original event ID (addendum.originalEventID)."),
        f("ct.sessioncredentialfromconsole", .string, .cloudtrail, .ctSessioncredentialfromconsole, "'true' if the session credentials came from the console (sessionCredentialFromConsole), 'false' otherwise."),
        f("ct.edgedevicedetails", .string, .cloudtrail, .ctEdgedevicedetails, read: .string(["edgeDeviceDetails"]), "information about the edge device (edgeDeviceDetails in the json)."),
        f("ct.tlsdetails.tlsversion", .string, .cloudtrail, .ctTlsdetailsTlsversion, read: .string(["tlsDetails", "tlsVersion"]), "the TLS version of a request (tlsDetails.tlsVersion)."),
        f("ct.tlsdetails.ciphersuite", .string, .cloudtrail, .ctTlsdetailsCiphersuite, read: .string(["tlsDetails", "cipherSuite"]), "the TLS cipher suite of a request (tlsDetails.cipherSuite)."),
        f("ct.tlsdetails.clientprovidedhostheader", .string, .cloudtrail, .ctTlsdetailsClientprovidedhostheader, read: .string(["tlsDetails", "clientProvidedHostHeader"]), "the client-provided host name used in the service API call (tlsDetails.clientProvidedHostHeader)."),
        f("ct.additionaleventdata", .string, .cloudtrail, .ctAdditionaleventdata, read: .compactJSON(["additionalEventData"]), "all additional event data (additionalEventData, compact JSON)."),
        f("s3.uri", .string, .cloudtrail, .s3Uri, "the s3 URI (s3://<bucket>/<key>)."),
        f("s3.bucket", .string, .cloudtrail, .s3Bucket, read: .string(["requestParameters", "bucketName"]), "the bucket name for s3 events."),
        f("s3.key", .string, .cloudtrail, .s3Key, read: .string(["requestParameters", "key"]), "the S3 key name for s3 events."),
        f("s3.bytes", .uint64, .cloudtrail, .s3Bytes, "the size of an s3 download or upload, in bytes."),
        f("s3.bytes.in", .uint64, .cloudtrail, .s3BytesIn, hidden: true, "the size of an s3 upload, in bytes."),
        f("s3.bytes.out", .uint64, .cloudtrail, .s3BytesOut, hidden: true, "the size of an s3 download, in bytes."),
        f("s3.cnt.get", .uint64, .cloudtrail, .s3CntGet, hidden: true, "1 for GetObject events, absent otherwise."),
        f("s3.cnt.put", .uint64, .cloudtrail, .s3CntPut, hidden: true, "1 for PutObject events, absent otherwise."),
        f("s3.cnt.other", .uint64, .cloudtrail, .s3CntOther, hidden: true, "1 for events other than GetObject and PutObject, absent otherwise."),
        f("ec2.name", .string, .cloudtrail, .ec2Name, "the name of the ec2 instances, typically stored in the instance tags."),
        f("ec2.imageid", .string, .cloudtrail, .ec2Imageid, "(deprecated) the ID for the image used to run the ec2 instance in the response; same as ec2.imageids[0]."),
        f("ec2.imageids", .string, .cloudtrail, .ec2Imageids, list: true, arg: .optionalIndex, "the list of image IDs used to run the ec2 instances in the response; with an index, one of them."),
        f("ecr.repository", .string, .cloudtrail, .ecrRepository, read: .string(["requestParameters", "repositoryName"]), "the name of the ecr Repository specified in the request."),
        f("ecr.imagetag", .string, .cloudtrail, .ecrImagetag, read: .string(["requestParameters", "imageTag"]), "the tag of the image specified in the request."),
        f("iam.role", .string, .cloudtrail, .iamRole, read: .string(["requestParameters", "roleName"]), "the IAM role specified in the request."),
        f("iam.policy", .string, .cloudtrail, .iamPolicy, read: .string(["requestParameters", "policyName"]), "the IAM policy specified in the request."),
    ]

    static let jsonFields: [FieldInfo] = [
        f("json.value", .string, .json, .jsonValue, read: .jsonPointer, arg: .requiredKey, "extracts a value from the event using a JSON pointer (RFC 6901), e.g. json.value[/userIdentity/type]; strings are unescaped, other values print as compact JSON."),
        f("json.obj", .string, .json, .jsonObj, "the whole event, pretty-printed."),
        f("json.rawtime", .string, .json, .jsonRawtime, "the event time in nanoseconds since the epoch, as a decimal string."),
        f("jevt.value", .string, .json, .jsonValue, read: .jsonPointer, arg: .requiredKey, "alias of json.value."),
        f("jevt.obj", .string, .json, .jsonObj, "alias of json.obj."),
        f("jevt.rawtime", .string, .json, .jsonRawtime, "alias of json.rawtime."),
    ]
}
