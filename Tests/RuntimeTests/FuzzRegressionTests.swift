import Testing
@testable import Runtime

/// Inputs found by the libFuzzer targets in FuzzTesting/, replayed in the normal suite.
@Suite struct FuzzRegressionTests {
    /// FuzzEventLoad: records with an eventTime but no eventVersion (Falco would not read them)
    /// take the clock time, so the evt.* time fields of the fast and general paths differed by
    /// the time between the two loads; every other field must agree.
    @Test(arguments: [
        #"{"eventTime": "2020-12-29T21:19:27Z", "eventSource": "s3.amazonaws.com", "eventName": "HeadBucket", "eventType": "AwsApiCall", "us-0erIdentity": {"type": "AWSAccoosoft-devtest.s3.amazonaws.com"}, "requestID": "610B05B0673F7420", "eventID": "4714d029-1600-40bb0b321aa900"}"#,
    ])
    func eventLoadPathsAgree(_ record: String) {
        let (fast, slow) = CapturedFieldTests.events()
        let problems = CapturedFieldTests.compare(ArraySlice(record.utf8), fast, slow, "fuzz")
        #expect(problems.isEmpty, "\(problems)")
    }
}
