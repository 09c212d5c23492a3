// EdgeRecords.swift - hand-picked values at the edges of field and operator semantics.
import TestSupport

/// Records that put awkward values where fields read them: values real logs rarely hold but an
/// attacker or a broken producer can write (unpadded base64, NULs, non-ASCII case, glob and path
/// metacharacters, odd numbers, odd identity shapes, odd times, duplicate keys).
///
/// Each is a plain IAM-user record with one key path replaced by one raw JSON value.
enum EdgeRecords {
    static let base = #"""
    {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","userName":"Alice"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2.0","requestParameters":{"userName":"bob","bucketName":"b","key":"k"},"responseElements":null,"requestID":"r","eventID":"e","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}
    """#

    /// Strings (JSON text, escapes allowed) that probe string fields, operators and transformers.
    static let strings: [String] = [
        #""""#, #""a""#, #""ROOT""#, #""rOoT""#, #""root""#, #""Root""#, #""ÄROOTé""#, #""\u0130root""#,
        #""ConsoleLogin""#, #""Cons\u006fleLogin""#, #""Console\u0000Login""#, #""\u0000""#, #""x\u0000""#,
        #""C1""#, #""Bx""#, #""D""#, #""xLoginx""#, #""xroleX""#, #""arn:""#, #""ARN:x""#, #"".com""#, #""x.COM""#,
        #""us-east-1""#, #""US-EAST-1""#, #""true""#, #""false""#, #""StopLogging""#, #""Describe Things""#,
        #""/tmp""#, #""/tmp/""#, #""/tmp/x""#, #""//tmp//x""#, #""tmp/x""#, #""/tmpx""#, #""/a/b/c""#, #""/a""#, #""/""#,
        #""a*b?c[d]""#, #""\\""#, #""[""#, #""]""#, #""*""#, #""?""#, #""a\/b""#, #""a/b/""#, #""dir/file.gz""#,
        #""IyEvYmluL2Jhc2g=""#, #""IyEvYmluL2Jhc2g""#, #""IyEvYmluL2Jhc2g==""#, #""YQ""#, #""YQ=""#, #""YQ==""#,
        #""YR==""#, #""Y""#, #""=""#, #""====""#, #""YW Jj""#, #""YmluAGJpbg==""#, #""YWJj\n""#, #""-_-_""#,
        #""ami-1""#, #""ami-0123456789abcdef0""#, #""arn:aws:iam::111122223333:user/x""#, #""GetObject""#,
        #""😀""#, #""\ud83d\ude00""#, #""\u00e9""#, #""e\u0301""#, #""\t\n""#, #""very long \#(String(repeating: "x", count: 300))""#,
    ]

    /// Other JSON values that string and number fields must cope with.
    static let others: [String] = [
        "null", "true", "false", "0", "1", "42", "-1", "1.5", "1e3", "1E+2", "-0", "18446744073709551615",
        "18446744073709551616", "12345678901234567890123", "0.0", "[]", "[1]", #"["a","b"]"#, "{}", #"{"a":1}"#,
    ]

    /// Where the values go: keys read by the catalog's fields (and by the coverage rules).
    static let paths: [[String]] = [
        ["userIdentity", "userName"], ["userIdentity", "type"], ["userIdentity", "arn"], ["userIdentity", "principalId"],
        ["userIdentity", "invokedBy"], ["userIdentity", "sessionContext", "sessionIssuer", "userName"],
        ["eventName"], ["eventSource"], ["awsRegion"], ["sourceIPAddress"], ["userAgent"], ["errorCode"],
        ["requestParameters", "userName"], ["requestParameters", "userData"], ["requestParameters", "key"],
        ["requestParameters", "bucketName"], ["requestParameters", "documentName"], ["requestParameters", "imageId"],
        ["additionalEventData", "bytesTransferredIn"], ["additionalEventData", "bytesTransferredOut"],
        ["readOnly"], ["managementEvent"], ["sessionCredentialFromConsole"], ["resources"], ["eventTime"], ["eventType"],
    ]

    /// Whole-record shapes no single replacement produces.
    static let shapes: [String] = [
        // Duplicate keys: fastjson (and so Falco) takes the first.
        #"{"eventName":"ConsoleLogin","eventName":"CreateUser","eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","userIdentity":{"type":"Root","type":"IAMUser"}}"#,
        // Identity shapes for ct.user / ct.originaluser / evt.plugininfo.
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventSource":"sts.amazonaws.com","awsRegion":"eu-west-1","eventName":"AssumeRole","sourceIPAddress":"x","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/session","principalId":"AROA:sess"}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventSource":"s3.amazonaws.com","awsRegion":"eu-west-1","eventName":"GetObject","sourceIPAddress":"x","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R","principalId":"AROA:a:b"}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventSource":"s3.amazonaws.com","awsRegion":"eu-west-1","eventName":"PutObject","sourceIPAddress":"x","userIdentity":{"type":"AWSService","invokedBy":"x"},"requestParameters":{"bucketName":"b","key":"a/b/c.gz"},"additionalEventData":{"bytesTransferredIn":10,"bytesTransferredOut":2.9}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventSource":"x","awsRegion":"r","eventName":"n","sourceIPAddress":"x","userIdentity":{"type":"AWSAccount"}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventSource":"x","awsRegion":"r","eventName":"n","sourceIPAddress":"x","userIdentity":{"type":"SAMLUser","userName":"u"}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventSource":"x","awsRegion":"r","eventName":"PutBucketPublicAccessBlock","sourceIPAddress":"x","userIdentity":{"type":"Root"},"requestParameters":{"PublicAccessBlockConfiguration":{"BlockPublicAcls":true}}}"#,
        // ec2.name and ec2.imageids shapes.
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventName":"RunInstances","requestParameters":{"tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"Name","value":"one"},{"key":"Name","value":"two"}]},{"resourceType":"volume","tags":[{"key":"Name","value":"vol"}]},{"resourceType":"instance","tags":[{"key":"Name","value":"last"}]}]}},"responseElements":{"instancesSet":{"items":[{"imageId":"ami-1"},{"imageId":""},{"imageId":7},{},{"imageId":"ami-2"}]}}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventName":"RunInstances","requestParameters":{"tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"Name","value":""}]}]},"launchSpecification":{"imageId":"ami-3"}},"responseElements":{"instancesSet":{}}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventName":"x","requestParameters":{"DescribeFastLaunchImagesRequest":{"ImageId":{"content":"ami-4"}}},"responseElements":{"instancesSet":{"items":[]}}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventName":"x","responseElements":{"instancesSet":{"items":"no"}}}"#,
        // Times: offsets, fractions, leap days, not RFC 3339.
        #"{"eventTime":"2024-02-29T23:59:59.123456789123+05:30","eventType":"AwsApiCall","eventName":"x"}"#,
        #"{"eventTime":"1969-12-31T23:59:59.5Z","eventType":"AwsApiCall","eventName":"x"}"#,
        #"{"eventTime":"2023-02-29T00:00:00Z","eventType":"AwsApiCall","eventName":"x"}"#,
        #"{"eventTime":"2024-05-01 10:00:00","eventType":"AwsApiCall","eventName":"x"}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsCloudTrailInsight","eventName":"x"}"#,
        // Valid JSON that Foundation refuses (a lone surrogate, a number beyond Double): the
        // reference cannot judge these; the runs count them as "Foundation rejects".
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventName":"ConsoleLogin","userIdentity":{"type":"Root","userName":"\ud800"}}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","eventName":"ConsoleLogin","additionalEventData":{"bytesTransferredIn":1e400}}"#,
        // Nothing at all, and nesting.
        #"{}"#,
        #"{"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall","requestParameters":{"a":{"b":{"c":[[[{"d":"\u0000"}]]]}}},"resources":[{"ARN":"a"},"s",1,null]}"#,
    ]

    static var all: [CorpusRecord] {
        let base = Array(Self.base.utf8)
        let reference = ReferenceRecord(bytes: base)
        var out: [CorpusRecord] = []
        for path in paths {
            for value in strings + others {
                guard let bytes = RecordMutator.replacing(path, with: Array(value.utf8), in: base, reference: reference) else { continue }
                out.append(CorpusRecord(source: "edge record: \(path.joined(separator: ".")) = \(value.prefix(40))", bytes: bytes))
            }
        }
        for (i, shape) in shapes.enumerated() {
            out.append(CorpusRecord(source: "edge record: shape \(i)", bytes: Array(shape.utf8)))
        }
        return out
    }
}
