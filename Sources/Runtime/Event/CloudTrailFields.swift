// CloudTrailFields.swift - the cloudtrail plugin's ct.*, s3.*, ec2.*, ecr.*, iam.* fields (spec §2.3, §2.4).

extension Event {
    /// Extracts a cloudtrail plugin field exactly as plugin v0.17.1 does.
    ///
    /// Single-path fields are read as the catalog's `FieldExtraction` says (spec §2.3): key
    /// missing → absent; a non-string value → `""` (present); a string → its unescaped text.
    /// The fields combining several values are computed below.
    func cloudTrailField(_ info: FieldInfo, _ argument: PreparedArgument) -> FieldValue {
        switch info.extraction {
        case .string(let p): return stringOrEmpty(path(p))
        case .shortSource(let p):
            guard case .string(let s) = stringOrEmpty(path(p)) else { return .absent }
            return .string(Event.shortSource(s))
        case .trueOrFalse(let p): return trueOrFalse(path(p))
        case .accountID(let p, let fallback):
            if let n = path(p) { return stringOrEmpty(n) }
            return stringOrEmpty(path(fallback))
        case .compactJSON(let p): return compactOrAbsent(path(p))
        case .jsonPointer, .derived: return derivedField(info.kind, argument)
        }
    }

    /// The cloudtrail fields computed from several values (`FieldExtraction.derived`).
    func derivedField(_ kind: FieldKind, _ argument: PreparedArgument) -> FieldValue {
        switch kind {
        case .ctUser:
            if case .present(let u) = user() { return .string(u) }
            return .absent
        case .ctOriginaluser: return originalUser()
        case .ctInfo: return .string(ByteString(info()))
        case .ctResources: return resources()
        case .ctSessioncredentialfromconsole:
            // Deliberate fix: AWS writes the string "true", which Falco reports as "false"
            // (it only accepts JSON true; spec §0.1 item 4).
            guard let n = path("sessionCredentialFromConsole") else { return .absent }
            let isTrue = parsedTape.kind(n) == .true || (parsedTape.kind(n) == .string && parsedTape.stringEquals(n, "true"))
            return .string(isTrue ? Event.trueText : Event.falseText)
        case .s3Uri: return s3URI().map { .string(ByteString($0)) } ?? .absent
        case .s3Bytes: return s3Bytes().map(FieldValue.number) ?? .absent
        case .s3BytesIn:
            return path("additionalEventData", "bytesTransferredIn").map { .number(goUInt64($0)) } ?? .absent
        case .s3BytesOut:
            return path("additionalEventData", "bytesTransferredOut").map { .number(goUInt64($0)) } ?? .absent
        case .s3CntGet: return eventNameIs("GetObject") ? .number(1) : .absent
        case .s3CntPut: return eventNameIs("PutObject") ? .number(1) : .absent
        case .s3CntOther: return eventNameIs("GetObject") || eventNameIs("PutObject") ? .absent : .number(1)
        case .ec2Name: return ec2Name()
        case .ec2Imageid:
            if case .list(let ids) = imageIDs(index: 0), let first = ids.first { return .string(first) }
            return .absent
        case .ec2Imageids:
            if case .index(let i) = argument { return imageIDs(index: i) }
            return imageIDs(index: nil)
        default: return .absent  // not reached: every other cloudtrail field has a single path
        }
    }

    static let trueText = ByteString(Array("true".utf8))
    static let falseText = ByteString(Array("false".utf8))

    // MARK: - fastjson-style access

    /// fastjson `Get` along a member path from the catalog.
    func path(_ keys: [String]) -> Int? {
        var node = parsedTape.root
        for k in keys {
            guard let next = parsedTape.member(node, Array(k.utf8)) else { return nil }
            node = next
        }
        return node
    }

    /// fastjson `Get(a, ...)` from the record's top level with fixed (non-numeric) keys.
    func path(_ a: StaticString) -> Int? { parsedTape.member(parsedTape.root, a) }
    func path(_ a: StaticString, _ b: StaticString) -> Int? { path(a).flatMap { parsedTape.member($0, b) } }
    func path(_ a: StaticString, _ b: StaticString, _ c: StaticString) -> Int? {
        path(a, b).flatMap { parsedTape.member($0, c) }
    }
    func path(_ a: StaticString, _ b: StaticString, _ c: StaticString, _ d: StaticString) -> Int? {
        path(a, b, c).flatMap { parsedTape.member($0, d) }
    }

    /// fastjson `GetStringBytes`: the unescaped string, nil when missing or not a string.
    func stringBytes(_ node: Int?) -> ByteString? {
        guard let node, parsedTape.kind(node) == .string else { return nil }
        return parsedTape.string(node)
    }

    /// The plugin's usual pattern: missing → absent, string → text, anything else → `""`.
    func stringOrEmpty(_ node: Int?) -> FieldValue {
        guard let node else { return .absent }
        return .string(parsedTape.kind(node) == .string ? parsedTape.string(node) : ByteString())
    }

    /// `MarshalTo` of a value (compact JSON), or absent when the key is missing.
    func compactOrAbsent(_ node: Int?) -> FieldValue {
        guard let node else { return .absent }
        return .string(ByteString(parsedTape.compact(node)))
    }

    /// ct.managementevent / ct.readonly: missing → absent; JSON `true` → "true"; anything else →
    /// "false" (so the string "true" is "false"). The eventName heuristic in the plugin's source is
    /// unreachable (spec §2.3).
    func trueOrFalse(_ node: Int?) -> FieldValue {
        guard let node else { return .absent }
        return .string(parsedTape.kind(node) == .true ? Event.trueText : Event.falseText)
    }

    func eventNameIs(_ name: StaticString) -> Bool {
        guard let n = path("eventName"), parsedTape.kind(n) == .string else { return false }
        return parsedTape.stringEquals(n, name)
    }

    static func equals(_ bytes: ByteString, _ literal: StaticString) -> Bool {
        bytes.withUnsafeBytes { equals($0, literal) }
    }

    static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        JSONTape.equalBytes(bytes, UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `eventSource` without a trailing `.amazonaws.com` when it is longer than that suffix.
    static func shortSource(_ source: ByteString) -> ByteString {
        let suffix = ".amazonaws.com".utf8
        guard source.count > suffix.count, source.suffix(suffix.count).elementsEqual(suffix) else { return source }
        return source.dropLast(suffix.count)
    }

    // MARK: - Users

    /// Result of the plugin's `getUser`: a value, or the fallback text `evt.plugininfo` glues in.
    enum UserLookup {
        case present(ByteString)
        case absent(fallback: String)
    }

    /// ct.user by `userIdentity.type` (spec §2.3), which must be a JSON string. The plugin
    /// (v0.17.1 `getUser`) reads the name with `Get` and then `GetStringBytes`: a missing name is
    /// no name, but one that is there and not a string (number, null, bool, object, array) is a
    /// present `""`.
    func user() -> UserLookup {
        guard let type = stringBytes(path("userIdentity", "type")) else { return .absent(fallback: "") }
        if Event.equals(type, "Root") || Event.equals(type, "IAMUser") {
            if let name = path("userIdentity", "userName") { return .present(stringBytes(name) ?? ByteString()) }
            return .absent(fallback: "<NA>")
        }
        if Event.equals(type, "AWSService") {
            if let by = path("userIdentity", "invokedBy") { return .present(stringBytes(by) ?? ByteString()) }
            return .absent(fallback: "<NA>")
        }
        if Event.equals(type, "AssumedRole") {
            if let role = path("userIdentity", "sessionContext", "sessionIssuer", "userName") {
                return .present(stringBytes(role) ?? ByteString())
            }
            return .present(ByteString(Array("AssumedRole".utf8)))
        }
        if Event.equals(type, "AWSAccount") { return .present(ByteString(Array("AWSAccount".utf8))) }
        if Event.equals(type, "FederatedUser") { return .present(ByteString(Array("FederatedUser".utf8))) }
        return .absent(fallback: "<unknown user type>")
    }

    /// ct.originaluser: for AssumedRole the session name (third `/` part of the ARN, else second
    /// `:` part of the principal id, else absent); for other types `userIdentity.userName`.
    func originalUser() -> FieldValue {
        guard let type = stringBytes(path("userIdentity", "type")), Event.equals(type, "AssumedRole") else {
            return stringOrEmpty(path("userIdentity", "userName"))
        }
        let arn = stringBytes(path("userIdentity", "arn")) ?? ByteString()
        let arnParts = arn.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if arnParts.count == 3 { return .string(arnParts[2]) }
        let principal = stringBytes(path("userIdentity", "principalId")) ?? ByteString()
        let principalParts = principal.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        if principalParts.count == 2 { return .string(principalParts[1]) }
        return .absent
    }

    // MARK: - ct.info

    /// `ct.info`: the plugin's `getEvtInfo` (spec §2.4), always present.
    func info() -> [UInt8] {
        guard case .present(let user) = user() else {
            return Array("<invalid cloudtrail event: userIdentity field missing>".utf8)
        }
        guard case .string(let sourceIP) = stringOrEmpty(path("sourceIPAddress")) else {
            return Array("<invalid cloudtrail event: eventSource field missing>".utf8)
        }
        let hasError = path("errorCode") != nil
        let writes: Bool
        if let ro = path("readOnly") { writes = parsedTape.kind(ro) != .true } else { writes = false }
        guard case .string(let name) = stringOrEmpty(path("eventName")) else {
            return Array("<invalid cloudtrail event: eventName field missing>".utf8)
        }
        var out: [UInt8] = []
        out.append(contentsOf: user)
        if user != sourceIP {
            out.append(contentsOf: " via ".utf8)
            out.append(contentsOf: sourceIP)
        }
        out.append(0x20)
        if hasError { out.append(UInt8(ascii: "!")) }
        out.append(contentsOf: (writes ? "→" : "←").utf8)
        out.append(0x20)
        out.append(contentsOf: name)

        if Event.equals(name, "PutBucketPublicAccessBlock") {
            if let config = path("requestParameters", "PublicAccessBlockConfiguration"), parsedTape.kind(config) == .object {
                // Falco's bug, kept: the flags are read from the top level of the record, where they
                // never are, so they print false.
                func flag(_ key: StaticString) -> String { path(key).map { parsedTape.kind($0) == .true } == true ? "true" : "false" }
                out.append(contentsOf: " BlockPublicAcls=\(flag("BlockPublicAcls")) BlockPublicPolicy=\(flag("BlockPublicPolicy")) IgnorePublicAcls=\(flag("IgnorePublicAcls")) RestrictPublicBuckets=\(flag("RestrictPublicBuckets")) ".utf8)
            }
            return out
        }
        if let size = s3Bytes() {
            out.append(contentsOf: " Size=\(size)".utf8)
        }
        if let uri = s3URI() {
            out.append(contentsOf: " URI=".utf8)
            out.append(contentsOf: uri)
        } else if case .string(let bucket) = stringOrEmpty(path("requestParameters", "bucketName")) {
            out.append(contentsOf: " Bucket=".utf8)
            out.append(contentsOf: bucket)
        } else if case .string(let key) = stringOrEmpty(path("requestParameters", "key")) {
            out.append(contentsOf: " Key=".utf8)
            out.append(contentsOf: key)
        } else if case .string(let host) = stringOrEmpty(path("requestParameters", "Host")) {
            out.append(contentsOf: " Host=".utf8)
            out.append(contentsOf: host)
        }
        return out
    }

    // MARK: - S3

    /// `s3://<bucketName>/<key>` when both are strings.
    func s3URI() -> [UInt8]? {
        guard let bucket = stringBytes(path("requestParameters", "bucketName")),
              let key = stringBytes(path("requestParameters", "key")) else { return nil }
        var out = Array("s3://".utf8)
        out.append(contentsOf: bucket)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: key)
        return out
    }

    /// s3.bytes: present iff either transfer key exists; the (wrapping) sum of both.
    func s3Bytes() -> UInt64? {
        let bytesIn = path("additionalEventData", "bytesTransferredIn")
        let bytesOut = path("additionalEventData", "bytesTransferredOut")
        guard bytesIn != nil || bytesOut != nil else { return nil }
        return (bytesIn.map(goUInt64) ?? 0) &+ (bytesOut.map(goUInt64) ?? 0)
    }

    /// A value read as the plugin reads byte counts: fastjson `Uint64()` (an unsigned integer
    /// literal), else `Float64()` converted with Go's amd64 `uint64(f)`, else 0.
    func goUInt64(_ node: Int) -> UInt64 {
        guard parsedTape.kind(node) == .number else { return 0 }
        let text = parsedTape.rawText(node)
        if let v = Event.strictUInt64(text) { return v }
        guard let f = Double(String(decoding: text, as: UTF8.self)) else { return 0 }
        return Event.goFloatToUInt64(f)
    }

    /// Digits only, no overflow (fastfloat.ParseUint64).
    static func strictUInt64(_ text: ByteString) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var v: UInt64 = 0
        for c in text {
            guard c >= 0x30, c <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 0x30))
            guard !o1, !o2 else { return nil }
            v = a
        }
        return v
    }

    /// Go's float64 → uint64 conversion as compiled for amd64 (truncation; out-of-range values
    /// give what CVTTSD2SQ gives, e.g. -5.0 → 2^64-5).
    static func goFloatToUInt64(_ f: Double) -> UInt64 {
        func cvtt(_ x: Double) -> Int64 {
            guard x.isFinite, x >= -9.223372036854775808e18, x < 9.223372036854775808e18 else { return Int64.min }
            return Int64(x)
        }
        if f < 9.223372036854775808e18 {
            return UInt64(bitPattern: cvtt(f))
        }
        return UInt64(bitPattern: cvtt(f - 9.223372036854775808e18)) | (1 << 63)
    }

    // MARK: - EC2

    /// ec2.name: over `requestParameters.tagSpecificationSet.items` with resourceType "instance",
    /// the value of the first `Name` tag; later items override; `""` → absent.
    func ec2Name() -> FieldValue {
        guard let items = path("requestParameters", "tagSpecificationSet", "items"), parsedTape.kind(items) == .array else {
            return .absent
        }
        var name = ByteString()
        for item in parsedTape.elements(items) {
            guard let type = stringBytes(parsedTape.member(item, "resourceType")), Event.equals(type, "instance"),
                  let tags = parsedTape.member(item, "tags") else { continue }
            for tag in parsedTape.elements(tags) {
                if let key = stringBytes(parsedTape.member(tag, "key")), Event.equals(key, "Name") {
                    name = stringBytes(parsedTape.member(tag, "value")) ?? ByteString()
                    break
                }
            }
        }
        return name.isEmpty ? .absent : .string(name)
    }

    /// ec2.imageids (spec §2.3): from `responseElements.instancesSet.items` when it exists (all
    /// non-empty imageIds, or item `index`'s imageId), else — for index 0 or none — the first
    /// existing of `requestParameters.imageId`, `…DescribeFastLaunchImagesRequest.ImageId.content`,
    /// `…launchSpecification.imageId`. Always a list, even with an index (it is a list field).
    func imageIDs(index: Int?) -> FieldValue {
        if let items = path("responseElements", "instancesSet", "items") {
            if let index {
                guard let item = parsedTape.element(items, index), let id = parsedTape.member(item, "imageId") else { return .absent }
                return .list([stringBytes(id) ?? ByteString()])
            }
            var ids: [ByteString] = []
            for item in parsedTape.elements(items) {
                if let id = stringBytes(parsedTape.member(item, "imageId")), !id.isEmpty { ids.append(id) }
            }
            return ids.isEmpty ? .absent : .list(ids)
        }
        guard index == nil || index == 0 else { return .absent }
        let candidate = path("requestParameters", "imageId")
            ?? path("requestParameters", "DescribeFastLaunchImagesRequest", "ImageId", "content")
            ?? path("requestParameters", "launchSpecification", "imageId")
        guard let candidate else { return .absent }
        return .list([stringBytes(candidate) ?? ByteString()])
    }

    // MARK: - Resources

    /// ct.resources: each element of a non-empty `resources` array compacted, joined by `,`.
    func resources() -> FieldValue {
        guard let r = path("resources"), parsedTape.kind(r) == .array else { return .absent }
        var out: [UInt8] = []
        var first = true
        for element in parsedTape.elements(r) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            parsedTape.appendCompact(element, to: &out)
        }
        return first ? .absent : .string(ByteString(out))
    }
}
