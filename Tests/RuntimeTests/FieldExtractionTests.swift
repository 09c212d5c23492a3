// FieldExtractionTests.swift - each field's Falco semantics on hand-written records (spec §2).
import Runtime
import Testing

private func v(_ json: String, _ kind: FieldKind, _ argument: String? = nil) throws -> FieldValue {
    try fieldValue(json, kind, argument)
}

/// A record with the given `userIdentity` object text and extra top-level members.
private func identity(_ userIdentity: String, _ extra: String = "") -> String {
    #"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall","userIdentity":"# + userIdentity + extra + "}"
}

@Suite struct FieldExtractionTests {
    // MARK: - Plain fields

    @Test func plainFieldPresentAbsentNonStringNull() throws {
        #expect(try v(#"{"eventID":"abc"}"#, .ctId) == .str("abc"))
        #expect(try v(#"{}"#, .ctId) == .absent)
        #expect(try v(#"{"eventID":5}"#, .ctId) == .str(""), "non-string → \"\" (present)")
        #expect(try v(#"{"eventID":null}"#, .ctId) == .str(""))
        #expect(try v(#"{"eventID":{"a":1}}"#, .ctId) == .str(""))
        #expect(try v(#"{"errorCode":null}"#, .ctError) == .str(""))
        #expect(try v(#"{"eventID":"a\u0041\n"}"#, .ctId) == .str("aA\n"), "unescaped")
        #expect(try v(#"{"requestParameters":null}"#, .ctRequestName) == .absent)
        #expect(try v(#"{"requestParameters":{"name":"n"}}"#, .ctRequestName) == .str("n"))
        #expect(try v(#"{"requestParameters":{"Host":"h","host":"x"}}"#, .ctRequestHost) == .str("h"))
        #expect(try v(#"{"serviceEventDetails":{"a":1}}"#, .ctServiceeventdetails) == .str(""))
        #expect(try v(#"{"tlsDetails":{"tlsVersion":"TLSv1.3"}}"#, .ctTlsdetailsTlsversion) == .str("TLSv1.3"))
        #expect(try v(#"{"addendum":{"originalEventID":"e"}}"#, .ctAddendumOriginaleventid) == .str("e"))
        #expect(try v(#"{"requestParameters":{"roleName":"r","policyName":"p"}}"#, .iamRole) == .str("r"))
        #expect(try v(#"{"requestParameters":{"repositoryName":"repo","imageTag":"t"}}"#, .ecrImagetag) == .str("t"))
        #expect(try v(#"{"eventTime":"not a time"}"#, .ctTime) == .str("not a time"))
    }

    @Test func shortSource() throws {
        #expect(try v(#"{"eventSource":"s3.amazonaws.com"}"#, .ctShortsrc) == .str("s3"))
        #expect(try v(#"{"eventSource":".amazonaws.com"}"#, .ctShortsrc) == .str(".amazonaws.com"), "not longer than the suffix")
        #expect(try v(#"{"eventSource":"x.amazonaws.com"}"#, .ctShortsrc) == .str("x"))
        #expect(try v(#"{"eventSource":"example.com"}"#, .ctShortsrc) == .str("example.com"))
        #expect(try v(#"{"eventSource":1}"#, .ctShortsrc) == .str(""))
        #expect(try v(#"{}"#, .ctShortsrc) == .absent)
    }

    // MARK: - Users

    @Test func userByIdentityType() throws {
        #expect(try v(identity(#"{"type":"IAMUser","userName":"alice"}"#), .ctUser) == .str("alice"))
        #expect(try v(identity(#"{"type":"Root","userName":"root-name"}"#), .ctUser) == .str("root-name"))
        #expect(try v(identity(#"{"type":"Root"}"#), .ctUser) == .absent)
        #expect(try v(identity(#"{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}"#), .ctUser) == .str("ec2.amazonaws.com"))
        #expect(try v(identity(#"{"type":"AWSService"}"#), .ctUser) == .absent)
        #expect(try v(identity(#"{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"userName":"Admin"}}}"#), .ctUser) == .str("Admin"))
        #expect(try v(identity(#"{"type":"AssumedRole"}"#), .ctUser) == .str("AssumedRole"))
        #expect(try v(identity(#"{"type":"AWSAccount"}"#), .ctUser) == .str("AWSAccount"))
        #expect(try v(identity(#"{"type":"FederatedUser","userName":"x"}"#), .ctUser) == .str("FederatedUser"))
        #expect(try v(identity(#"{"type":"IdentityCenterUser","userName":"x"}"#), .ctUser) == .absent)
        #expect(try v(identity(#"{"userName":"x"}"#), .ctUser) == .absent)
        #expect(try v(identity(#"{"type":1}"#), .ctUser) == .absent)
    }

    /// The plugin (v0.17.1 `getUser`) reads the name with `Get`, then `GetStringBytes`: a name
    /// that is there but not a JSON string gives a present `""`, on every path that reads a name.
    @Test(arguments: ["7", "null", "true", "false", "{}", #"{"a":"b"}"#, "[]", #"["x"]"#, "1.5e3"])
    func nonStringNameIsAnEmptyUser(_ name: String) throws {
        #expect(try v(identity(#"{"type":"IAMUser","userName":"# + name + "}"), .ctUser) == .str(""))
        #expect(try v(identity(#"{"type":"Root","userName":"# + name + "}"), .ctUser) == .str(""))
        #expect(try v(identity(#"{"type":"AWSService","invokedBy":"# + name + "}"), .ctUser) == .str(""))
        #expect(try v(identity(#"{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"userName":"# + name + "}}}"), .ctUser) == .str(""))
        let base = #","eventSource":"signin.amazonaws.com","awsRegion":"us-east-1","eventName":"ConsoleLogin","sourceIPAddress":"1.2.3.4""#
        let root = identity(#"{"type":"Root","userName":"# + name + "}", base)
        #expect(try v(root, .ctInfo) == .str(" via 1.2.3.4 ← ConsoleLogin"))
        #expect(try v(root, .evtPlugininfo) == .str("us-east-1 signin ConsoleLogin  via 1.2.3.4 ← ConsoleLogin"))
        let role = identity(#"{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"userName":"# + name + "}}}", base)
        #expect(try v(role, .evtPlugininfo) == .str("us-east-1 signin ConsoleLogin  via 1.2.3.4 ← ConsoleLogin"))
    }

    /// Only a missing name (or a path through something that is not an object) is "no name".
    @Test func missingNameIsStillNoName() throws {
        #expect(try v(identity(#"{"type":"IAMUser"}"#), .ctUser) == .absent)
        #expect(try v(identity(#"{"type":"AssumedRole","sessionContext":{"sessionIssuer":null}}"#), .ctUser) == .str("AssumedRole"))
        #expect(try v(identity(#"{"type":"AssumedRole","sessionContext":{"sessionIssuer":["userName"]}}"#), .ctUser) == .str("AssumedRole"))
        #expect(try v(identity(#"{"type":"AssumedRole","sessionContext":"x"}"#), .ctUser) == .str("AssumedRole"))
    }

    @Test func originalUser() throws {
        let arn = #""arn":"arn:aws:sts::123:assumed-role/Admin/alice@example.com""#
        #expect(try v(identity(#"{"type":"AssumedRole","# + arn + "}"), .ctOriginaluser) == .str("alice@example.com"))
        #expect(try v(identity(#"{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Admin","principalId":"AROA1:sess"}"#), .ctOriginaluser) == .str("sess"))
        #expect(try v(identity(#"{"type":"AssumedRole","arn":"a/b/c/d","principalId":"AROA1:x:y"}"#), .ctOriginaluser) == .absent)
        #expect(try v(identity(#"{"type":"AssumedRole"}"#), .ctOriginaluser) == .absent)
        #expect(try v(identity(#"{"type":"IAMUser","userName":"bob"}"#), .ctOriginaluser) == .str("bob"))
        #expect(try v(identity(#"{"type":"Root"}"#), .ctOriginaluser) == .absent)
    }

    @Test func accountIDFallsBackToRecipient() throws {
        #expect(try v(#"{"userIdentity":{"accountId":"111"},"recipientAccountId":"222"}"#, .ctUserAccountid) == .str("111"))
        #expect(try v(#"{"userIdentity":{},"recipientAccountId":"222"}"#, .ctUserAccountid) == .str("222"))
        #expect(try v(#"{"userIdentity":{}}"#, .ctUserAccountid) == .absent)
    }

    // MARK: - Booleans

    @Test func booleanFields() throws {
        #expect(try v(#"{"managementEvent":true}"#, .ctManagementevent) == .str("true"))
        #expect(try v(#"{"managementEvent":false}"#, .ctManagementevent) == .str("false"))
        #expect(try v(#"{"managementEvent":"true"}"#, .ctManagementevent) == .str("false"))
        #expect(try v(#"{}"#, .ctManagementevent) == .absent)
        #expect(try v(#"{"readOnly":true}"#, .ctReadonly) == .str("true"))
        #expect(try v(#"{"readOnly":null}"#, .ctReadonly) == .str("false"))
        #expect(try v(#"{"eventName":"StartInstances"}"#, .ctReadonly) == .absent, "the eventName heuristic is dead code")
    }

    @Test func deliberateFixes() throws {
        // Falco: "false" for AWS's string "true"; we say "true".
        #expect(try v(#"{"sessionCredentialFromConsole":"true"}"#, .ctSessioncredentialfromconsole) == .str("true"))
        #expect(try v(#"{"sessionCredentialFromConsole":true}"#, .ctSessioncredentialfromconsole) == .str("true"))
        #expect(try v(#"{"sessionCredentialFromConsole":"false"}"#, .ctSessioncredentialfromconsole) == .str("false"))
        #expect(try v(#"{}"#, .ctSessioncredentialfromconsole) == .absent)
        // Falco: always absent; we read requestParameters.documentName.
        #expect(try v(#"{"requestParameters":{"documentName":"AWS-RunShellScript"}}"#, .ctRequestDocumentname) == .str("AWS-RunShellScript"))
        #expect(try v(#"{"requestParameters":{}}"#, .ctRequestDocumentname) == .absent)
    }

    // MARK: - Re-serialised JSON

    @Test func compactJSONFields() throws {
        #expect(try v(#"{"responseElements":null}"#, .ctResponse) == .str("null"))
        #expect(try v(#"{"responseElements": { "a" : [1, 2.0], "b":"x\"\/y" } }"#, .ctResponse) == .str(#"{"a":[1,2.0],"b":"x\"\/y"}"#))
        #expect(try v(#"{}"#, .ctResponse) == .absent)
        #expect(try v(#"{"requestParameters":{"bucketName":"b"}}"#, .ctRequest) == .str(#"{"bucketName":"b"}"#))
        #expect(try v(#"{"additionalEventData":{"MFAUsed":"No"}}"#, .ctAdditionaleventdata) == .str(#"{"MFAUsed":"No"}"#))
        #expect(try v(#"{"requestParameters":"text"}"#, .ctRequest) == .str(#""text""#))
    }

    @Test func resources() throws {
        #expect(try v(#"{"resources":[{"ARN":"a","type":"t"}, {"ARN":"b"}]}"#, .ctResources) == .str(#"{"ARN":"a","type":"t"},{"ARN":"b"}"#))
        #expect(try v(#"{"resources":["x", 1]}"#, .ctResources) == .str(#""x",1"#))
        #expect(try v(#"{"resources":[]}"#, .ctResources) == .absent)
        #expect(try v(#"{"resources":{"ARN":"a"}}"#, .ctResources) == .absent)
        #expect(try v(#"{}"#, .ctResources) == .absent)
    }

    // MARK: - ct.info and evt.plugininfo

    @Test func infoBranches() throws {
        let user = #"{"type":"IAMUser","userName":"alice"}"#
        #expect(try v(identity(#"{"type":"Root"}"#, #","sourceIPAddress":"1.2.3.4","eventName":"X""#), .ctInfo)
                == .str("<invalid cloudtrail event: userIdentity field missing>"))
        #expect(try v(identity(user, #","eventName":"X""#), .ctInfo) == .str("<invalid cloudtrail event: eventSource field missing>"))
        #expect(try v(identity(user, #","sourceIPAddress":"1.2.3.4""#), .ctInfo) == .str("<invalid cloudtrail event: eventName field missing>"))
        #expect(try v(identity(user, #","sourceIPAddress":"1.2.3.4","eventName":"GetX""#), .ctInfo) == .str("alice via 1.2.3.4 ← GetX"))
        #expect(try v(identity(user, #","sourceIPAddress":"1.2.3.4","eventName":"PutX","readOnly":false,"errorCode":null"#), .ctInfo)
                == .str("alice via 1.2.3.4 !→ PutX"))
        #expect(try v(identity(user, #","sourceIPAddress":"1.2.3.4","eventName":"GetX","readOnly":"false""#), .ctInfo)
                == .str("alice via 1.2.3.4 → GetX"), "only JSON true is read-only")
        #expect(try v(identity(#"{"type":"AWSService","invokedBy":"s3.amazonaws.com"}"#, #","sourceIPAddress":"s3.amazonaws.com","eventName":"E""#), .ctInfo)
                == .str("s3.amazonaws.com ← E"), "no 'via' when user == source IP")
        let s3 = #","sourceIPAddress":"1.2.3.4","eventName":"GetObject","requestParameters":{"bucketName":"b","key":"k/x","Host":"h"},"additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":791.0}"#
        #expect(try v(identity(user, s3), .ctInfo) == .str("alice via 1.2.3.4 ← GetObject Size=791 URI=s3://b/k/x"))
        #expect(try v(identity(user, #","sourceIPAddress":"i","eventName":"E","requestParameters":{"bucketName":"b","Host":"h"}"#), .ctInfo)
                == .str("alice via i ← E Bucket=b"))
        #expect(try v(identity(user, #","sourceIPAddress":"i","eventName":"E","requestParameters":{"key":5,"Host":"h"}"#), .ctInfo)
                == .str("alice via i ← E Key="))
        #expect(try v(identity(user, #","sourceIPAddress":"i","eventName":"E","requestParameters":{"Host":"h"}"#), .ctInfo)
                == .str("alice via i ← E Host=h"))
        let pab = #","sourceIPAddress":"i","eventName":"PutBucketPublicAccessBlock","requestParameters":{"bucketName":"b","PublicAccessBlockConfiguration":{"BlockPublicAcls":true}}"#
        #expect(try v(identity(user, pab), .ctInfo)
                == .str("alice via i ← PutBucketPublicAccessBlock BlockPublicAcls=false BlockPublicPolicy=false IgnorePublicAcls=false RestrictPublicBuckets=false "))
        let pabTop = #","sourceIPAddress":"i","eventName":"PutBucketPublicAccessBlock","BlockPublicPolicy":true,"requestParameters":{"PublicAccessBlockConfiguration":{}}"#
        #expect(try v(identity(user, pabTop), .ctInfo)
                == .str("alice via i ← PutBucketPublicAccessBlock BlockPublicAcls=false BlockPublicPolicy=true IgnorePublicAcls=false RestrictPublicBuckets=false "),
                "Falco reads the flags from the top level")
        #expect(try v(identity(user, #","sourceIPAddress":"i","eventName":"PutBucketPublicAccessBlock","requestParameters":{"bucketName":"b"}"#), .ctInfo)
                == .str("alice via i ← PutBucketPublicAccessBlock"))
    }

    @Test func pluginInfo() throws {
        let base = #","eventSource":"signin.amazonaws.com","awsRegion":"us-east-1","eventName":"ConsoleLogin","sourceIPAddress":"1.2.3.4""#
        #expect(try v(identity(#"{"type":"IAMUser","userName":"alice"}"#, base), .evtPlugininfo)
                == .str("us-east-1 alice signin ConsoleLogin alice via 1.2.3.4 ← ConsoleLogin"))
        #expect(try v(identity(#"{"type":"Root"}"#, base), .evtPlugininfo)
                == .str("us-east-1<NA> signin ConsoleLogin <invalid cloudtrail event: userIdentity field missing>"))
        #expect(try v(identity(#"{"type":"SAMLUser"}"#, base), .evtPlugininfo)
                == .str("us-east-1<unknown user type> signin ConsoleLogin <invalid cloudtrail event: userIdentity field missing>"))
        #expect(try v(identity(#"{}"#, base), .evtPlugininfo)
                == .str("us-east-1 signin ConsoleLogin <invalid cloudtrail event: userIdentity field missing>"))
        #expect(try v(identity(#"{"type":"IAMUser","userName":""}"#, base), .evtPlugininfo)
                == .str("us-east-1 signin ConsoleLogin  via 1.2.3.4 ← ConsoleLogin"))
        #expect(try v(#"{"awsRegion":"r","eventName":"n"}"#, .evtPlugininfo) == .str("<invalid JSON: event did not contain a source>"))
        #expect(try v(#"{"eventSource":"s","eventName":"n"}"#, .evtPlugininfo) == .str("<invalid JSON: event did not contain an awsRegion>"))
        #expect(try v(#"{"eventSource":"s","awsRegion":"r","eventName":1}"#, .evtPlugininfo) == .str("<invalid JSON: event did not contain an eventName>"))
    }

    // MARK: - S3

    @Test func s3Fields() throws {
        let rp = #"{"requestParameters":{"bucketName":"b","key":"a b/c"}}"#
        #expect(try v(rp, .s3Uri) == .str("s3://b/a b/c"))
        #expect(try v(rp, .s3Bucket) == .str("b"))
        #expect(try v(rp, .s3Key) == .str("a b/c"))
        #expect(try v(#"{"requestParameters":{"bucketName":"b"}}"#, .s3Uri) == .absent)
        #expect(try v(#"{"requestParameters":{"bucketName":"b","key":1}}"#, .s3Uri) == .absent)
    }

    @Test func s3Bytes() throws {
        func bytes(_ data: String) throws -> FieldValue { try v(#"{"additionalEventData":"# + data + "}", .s3Bytes) }
        #expect(try bytes(#"{"bytesTransferredIn":100,"bytesTransferredOut":23}"#) == .number(123))
        #expect(try bytes(#"{"bytesTransferredIn":791.0}"#) == .number(791), "floats are truncated")
        #expect(try bytes(#"{"bytesTransferredOut":1.9e3}"#) == .number(1900))
        #expect(try bytes(#"{"bytesTransferredIn":"791"}"#) == .number(0), "a string counts 0 but is present")
        #expect(try bytes(#"{"bytesTransferredIn":null}"#) == .number(0))
        #expect(try bytes(#"{"bytesTransferredIn":-5}"#) == .number(UInt64.max - 4), "Go's uint64(-5.0) on amd64")
        #expect(try bytes(#"{"other":1}"#) == .absent)
        #expect(try v(#"{}"#, .s3Bytes) == .absent)
        #expect(try v(#"{"additionalEventData":{"bytesTransferredIn":7}}"#, .s3BytesIn) == .number(7))
        #expect(try v(#"{"additionalEventData":{"bytesTransferredIn":7}}"#, .s3BytesOut) == .absent)
        #expect(try v(#"{"additionalEventData":{"bytesTransferredOut":8.5}}"#, .s3BytesOut) == .number(8))
    }

    @Test func s3Counters() throws {
        #expect(try v(#"{"eventName":"GetObject"}"#, .s3CntGet) == .number(1))
        #expect(try v(#"{"eventName":"PutObject"}"#, .s3CntGet) == .absent)
        #expect(try v(#"{"eventName":"PutObject"}"#, .s3CntPut) == .number(1))
        #expect(try v(#"{"eventName":"GetObject"}"#, .s3CntOther) == .absent)
        #expect(try v(#"{"eventName":"ListBuckets"}"#, .s3CntOther) == .number(1))
        #expect(try v(#"{}"#, .s3CntOther) == .number(1))
    }

    // MARK: - EC2

    @Test func ec2Name() throws {
        func name(_ items: String) throws -> FieldValue {
            try v(#"{"requestParameters":{"tagSpecificationSet":{"items":"# + items + "}}}", .ec2Name)
        }
        #expect(try name(#"[{"resourceType":"instance","tags":[{"key":"Env","value":"x"},{"key":"Name","value":"web"},{"key":"Name","value":"later"}]}]"#) == .str("web"))
        #expect(try name(#"[{"resourceType":"volume","tags":[{"key":"Name","value":"vol"}]}]"#) == .absent)
        #expect(try name(#"[{"resourceType":"instance","tags":[{"key":"Name","value":"a"}]},{"resourceType":"instance","tags":[{"key":"Name","value":"b"}]}]"#) == .str("b"), "later items override")
        #expect(try name(#"[{"resourceType":"instance","tags":[{"key":"Name","value":"a"}]},{"resourceType":"instance","tags":[{"key":"Env","value":"b"}]}]"#) == .str("a"))
        #expect(try name(#"[{"resourceType":"instance","tags":[{"key":"Name","value":""}]}]"#) == .absent)
        #expect(try name(#"{"resourceType":"instance"}"#) == .absent)
    }

    @Test func ec2ImageIDs() throws {
        let items = #"{"responseElements":{"instancesSet":{"items":[{"imageId":"ami-1"},{"imageId":""},{"other":1},{"imageId":"ami-4"}]}}}"#
        #expect(try v(items, .ec2Imageids) == .strings(["ami-1", "ami-4"]))
        #expect(try v(items, .ec2Imageids, "0") == .strings(["ami-1"]))
        #expect(try v(items, .ec2Imageids, "1") == .strings([""]))
        #expect(try v(items, .ec2Imageids, "2") == .absent)
        #expect(try v(items, .ec2Imageids, "3") == .strings(["ami-4"]))
        #expect(try v(items, .ec2Imageids, "11") == .absent)
        #expect(try v(items, .ec2Imageid) == .str("ami-1"))
        let empty = #"{"responseElements":{"instancesSet":{"items":[{"imageId":""}]}},"requestParameters":{"imageId":"ami-r"}}"#
        #expect(try v(empty, .ec2Imageids) == .absent, "items exist: no fallback")
        let request = #"{"requestParameters":{"imageId":"ami-r","launchSpecification":{"imageId":"ami-l"}}}"#
        #expect(try v(request, .ec2Imageids) == .strings(["ami-r"]))
        #expect(try v(request, .ec2Imageids, "0") == .strings(["ami-r"]))
        #expect(try v(request, .ec2Imageids, "1") == .absent)
        #expect(try v(request, .ec2Imageid) == .str("ami-r"))
        let fastLaunch = #"{"requestParameters":{"DescribeFastLaunchImagesRequest":{"ImageId":{"content":"ami-f"}},"launchSpecification":{"imageId":"ami-l"}}}"#
        #expect(try v(fastLaunch, .ec2Imageids) == .strings(["ami-f"]))
        #expect(try v(#"{"requestParameters":{"launchSpecification":{"imageId":"ami-l"}}}"#, .ec2Imageids) == .strings(["ami-l"]))
        #expect(try v(#"{"requestParameters":{}}"#, .ec2Imageids) == .absent)
        #expect(try v(#"{"requestParameters":{}}"#, .ec2Imageid) == .absent)
    }

    // MARK: - json.*

    @Test func jsonValuePointers() throws {
        let record = #"{"a/b":"slash","a~b":"tilde","n":12.50,"t":true,"z":null,"o":{"k":[1,"two",{"x":"\u00e9"}]},"s":"q\"x"}"#
        #expect(try v(record, .jsonValue, "/a~1b") == .str("slash"))
        #expect(try v(record, .jsonValue, "/a~0b") == .str("tilde"))
        #expect(try v(record, .jsonValue, "/n") == .str("12.50"))
        #expect(try v(record, .jsonValue, "/t") == .str("true"))
        #expect(try v(record, .jsonValue, "/z") == .str("null"))
        #expect(try v(record, .jsonValue, "/o") == .str(#"{"k":[1,"two",{"x":"\u00e9"}]}"#))
        #expect(try v(record, .jsonValue, "/o/k/1") == .str("two"))
        #expect(try v(record, .jsonValue, "/o/k/2/x") == .str("é"))
        #expect(try v(record, .jsonValue, "/o/k/3") == .absent)
        #expect(try v(record, .jsonValue, "/s") == .str("q\"x"))
        #expect(try v(record, .jsonValue, "/missing") == .absent)
        #expect(try v(record, .jsonValue, "/s/0") == .absent)
        #expect(try v(record, .jsonValue, "o/k/0") == .str("1"))
        #expect(try v(#"{"a":1}"#, .jsonValue, "") == .str(#"{"a":1}"#))
        #expect(try v(" {\"a\":\"x\"}", .jsonValue, "/a") == .absent, "the json plugin wants '{' first")
    }

    @Test func jsonObjAndRawtime() throws {
        let record = #"{"eventTime":"2024-01-02T03:04:05.5Z","eventType":"AwsApiCall","a":[1,{}]}"#
        #expect(try v(record, .jsonObj) == .str("{\n  \"eventTime\": \"2024-01-02T03:04:05.5Z\",\n  \"eventType\": \"AwsApiCall\",\n  \"a\": [\n    1,\n    {}\n  ]\n}"))
        #expect(try v(record, .jsonRawtime) == .str("1704164645500000000"))
    }

    // MARK: - evt.*

    @Test func evtFields() throws {
        let fields: [FieldRequest] = [
            .init(.evtNum), .init(.evtRawtime), .init(.evtRawtimeS), .init(.evtRawtimeNs), .init(.evtReltime),
            .init(.evtReltimeS), .init(.evtReltimeNs), .init(.evtTimeISO8601), .init(.evtPluginname), .init(.evtSource),
            .init(.evtIsAsync), .init(.evtAsynctype), .init(.evtHostname),
        ]
        let e = try loadEvent(#"{"eventTime":"2024-01-02T03:04:05.123456789Z","eventType":"AwsApiCall"}"#, fields, number: 7)
        #expect(e.value(0) == .number(7))
        #expect(e.value(1) == .number(1_704_164_645_123_456_789))
        #expect(e.value(2) == .number(1_704_164_645))
        #expect(e.value(3) == .number(123_456_789))
        #expect(e.value(4) == .number(0))
        #expect(e.value(7) == .str("2024-01-02T03:04:05.123456789+0000"))
        #expect(e.value(8) == .str("cloudtrail"))
        #expect(e.value(9) == .str("aws_cloudtrail"))
        #expect(e.value(10) == .number(0), "evt.is_async: false")
        #expect(e.value(11) == .absent)
        #expect(e.value(12) == .str("testhost"))
        try e.load(record: ByteString(Array(#"{"eventTime":"2024-01-02T03:04:07.123456790+00:00","eventType":"AwsApiCall"}"#.utf8)), number: 8)
        #expect(e.value(0) == .number(8), "the cache is reset on load")
        #expect(e.value(4) == .number(2_000_000_001))
        #expect(e.value(5) == .number(2))
        #expect(e.value(6) == .number(1))
        try e.load(record: ByteString(Array(#"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall"}"#.utf8)), number: 9)
        #expect(e.value(4) == .number(UInt64.max - 123_456_788), "earlier than the first event: unsigned wrap-around")
    }

    @Test func everyFieldKindExtracts() throws {
        let fields = FieldKind.allCases.map { FieldRequest($0, argument: $0 == .jsonValue ? "/eventName" : nil) }
        let e = try loadEvent(identity(#"{"type":"IAMUser","userName":"u"}"#, #","eventName":"GetObject","eventSource":"s3.amazonaws.com","awsRegion":"r","sourceIPAddress":"i""#), fields)
        let present = fields.indices.filter { e.exists($0) }.map { fields[$0].kind }
        #expect(present.contains(.ctInfo) && present.contains(.evtPlugininfo) && present.contains(.jsonValue))
        #expect(!present.contains(.evtAsynctype))
    }

    // MARK: - Loading

    @Test func timestampAndFalcoWouldRead() throws {
        let ok = try loadEvent(#"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall"}"#, [])
        #expect(ok.timestamp == 1_704_164_645_000_000_000 && ok.falcoWouldRead)
        let before = EventTime.now()
        let badTime = try loadEvent(#"{"eventTime":"2024-01-02 03:04:05","eventType":"AwsApiCall"}"#, [])
        #expect(!badTime.falcoWouldRead && badTime.timestamp >= before)
        #expect(try !loadEvent(#"{"eventTime":1704164645,"eventType":"AwsApiCall"}"#, []).falcoWouldRead)
        #expect(try !loadEvent(#"{"eventTime":"2024-01-02T03:04:05Z"}"#, []).falcoWouldRead)
        #expect(try !loadEvent(#"{"eventTime":"2024-01-02T03:04:05Z","eventType":true}"#, []).falcoWouldRead)
        #expect(try !loadEvent(#"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsCloudTrailInsight"}"#, []).falcoWouldRead)
        #expect(try loadEvent(#"{"event\u0054ime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall"}"#, []).falcoWouldRead)
    }

    @Test func invalidRecordsThrowWithOffsets() throws {
        let e = Event(fields: [FieldRequest(.ctName)], context: EventContext(hostname: "h"))
        #expect(throws: RecordError(message: "invalid JSON: expected ',' or '}' in object", offset: 17)) {
            try e.load(record: ByteString(Array(#"{"eventName":"x" "y"}"#.utf8)), number: 1)
        }
        #expect(e.value(0) == .absent, "a failed load leaves an empty event")
        #expect(throws: RecordError.self) { try e.load(record: ByteString(Array("[1]".utf8)), number: 2) }
        #expect(throws: RecordError.self) { try e.load(record: ByteString(Array("\"s\"".utf8)), number: 3) }
        try e.load(record: ByteString(Array(#"{"eventName":"ok"}"#.utf8)), number: 4)
        #expect(e.value(0) == .str("ok"))
    }

    @Test func derivedValuesAreCutAtNUL() throws {
        let record = identity(#"{"type":"IAMUser","userName":"ali\u0000ce"}"#, #","sourceIPAddress":"i","eventName":"E""#)
        #expect(try v(record, .ctUser) == .str("ali"))
        #expect(try v(record, .ctInfo) == .str("ali"), "the whole C string ends at the NUL")
        #expect(try v(record, .ctRequest) == .absent)
        #expect(try v(#"{"requestParameters":{"a":"\u0000"}}"#, .ctRequest) == .str(#"{"a":"\u0000"}"#), "escapes stay escaped")
    }
}
