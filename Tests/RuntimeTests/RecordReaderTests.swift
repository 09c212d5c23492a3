// RecordReaderTests.swift - splitting CloudTrail log files into records, and every way it can fail.
import Foundation
import Testing
import TestSupport
@testable import Runtime

@Suite struct RecordReaderTests {
    // MARK: - Splitting

    @Test func splitsRecordsWithExactBytesIndicesAndOffsets() throws {
        let text = #"{"Records":[{"a":1}, {"b" : [2, {"c":3}]} ]}"#
        let drained = try drain(text)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [#"{"a":1}"#, #"{"b" : [2, {"c":3}]}"#])
        #expect(drained.records.map(\.index) == [0, 1])
        let bytes = Array(text.utf8)
        #expect(drained.records.map(\.offset) == [12, 21])
        for record in drained.records {
            #expect(Array(bytes[record.offset..<(record.offset + record.bytes.count)]) == Array(record.bytes))
        }
    }

    @Test func bracesBracketsAndEscapesInsideStringsDoNotConfuseTheSplitter() throws {
        let records = [
            #"{"a":"}]{[","b":"\"}","c":"\\"}"#,
            #"{"d":["x]","{",{"e":"\\\"]}"}],"f":"\u007d"}"#,
            #"{"g":"\\\\"}"#,
        ]
        let drained = try drain(logFile(records))
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == records)
    }

    @Test func otherTopLevelKeysAreSkippedStructurally() throws {
        let text = #"""
            {"x": {"Records": [{"no": 1}]}, "y": "]}\"", "n": -1.5e3, "t": true, "z": [[{"w": "["}]],
             "Records": [{"a": 1}], "after": null}
            """#
        let drained = try drain(text)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [#"{"a": 1}"#])
    }

    @Test func emptyRecordsArrayIsNotAnError() throws {
        let drained = try drain(#"{"Records":[]}"#)
        #expect(drained.records.isEmpty && drained.errors.isEmpty)
        let spaced = try drain("{ \"Records\" : [ \n ] }\n\n")
        #expect(spaced.records.isEmpty && spaced.errors.isEmpty)
    }

    @Test func everyReadBoundaryPositionGivesTheSameRecords() throws {
        let records = [
            #"{"eventName":"A{","n":[1,{"x":"\"]"}]}"#,
            #"{"eventName":"B\\","m":{"k":"v"}}"#,
            #"{"eventName":"C"}"#,
        ]
        let bytes = Array(logFile(records, extraKeys: #", "tail": ["]", {"q": "}"}]"#).utf8)
        for split in 0...bytes.count {
            let (drained, _) = try drain(bytes, pieces: [split])
            #expect(drained.errors.isEmpty, "split at \(split)")
            #expect(drained.texts == records, "split at \(split)")
        }
        for chunk in 1...9 {
            let (drained, _) = try drain(bytes, chunkSize: chunk)
            #expect(drained.errors.isEmpty, "chunk \(chunk)")
            #expect(drained.texts == records, "chunk \(chunk)")
            #expect(drained.records.map(\.offset) == records.map { r in bytes.firstRange(of: Array(r.utf8))!.lowerBound })
        }
        // Pieces of one byte from the stream whatever the chunk size.
        let (onePiece, _) = try drain(bytes, chunkSize: 5, fallback: 1)
        #expect(onePiece.texts == records)
    }

    @Test func recordsStayValidWhenKeptAcrossReads() throws {
        let records = (0..<50).map { #"{"i":\#($0),"pad":"\#(String(repeating: "p", count: $0 % 7))"}"# }
        let (drained, _) = try drain(Array(logFile(records).utf8), chunkSize: 16)
        #expect(drained.texts == records)
    }

    @Test func deepNestingBeyondTheTrackedDepthStaysBalanced() throws {
        let depth = ValueScanner.trackedDepth + 500
        let deep = #"{"d":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let drained = try drain(logFile([deep, #"{"next":1}"#]), chunkSize: 64)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [deep, #"{"next":1}"#])
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let (drained, _) = try drain([0xEF, 0xBB, 0xBF] + Array(#"{"Records":[{"a":1}]}"#.utf8), chunkSize: 1)
        #expect(drained.errors.isEmpty)
        #expect(drained.texts == [#"{"a":1}"#])
        // Only at the very start: a byte order mark after whitespace is garbage.
        let (late, _) = try drain(Array(" ".utf8) + [0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(late.errors.map(\.message) == ["not a CloudTrail log file: expected a JSON object or array, found text that is not JSON"])
    }

    // MARK: - Record errors (reading goes on)

    @Test func nonObjectElementsAreErrorsForThatRecordOnly() throws {
        let drained = try drain(#"{"Records":[1, {"a":1}, "s{", [{"x":1}], null, {"b":2}]}"#)
        #expect(drained.texts == [#"{"a":1}"#, #"{"b":2}"#])
        #expect(drained.records.map(\.index) == [1, 5])
        #expect(drained.errors.map(\.recordIndex) == [0, 2, 3, 4])
        #expect(drained.errors.map(\.message) == [
            "record is not a JSON object (found a number or literal)",
            "record is not a JSON object (found a string)",
            "record is not a JSON object (found an array)",
            "record is not a JSON object (found a number or literal)",
        ])
        #expect(drained.errors[1].description == "t.json: record 3 (byte 24): record is not a JSON object (found a string)")
    }

    @Test func oversizeRecordIsSkippedAndReadingContinuesWithBoundedMemory() throws {
        let big = #"{"big":""# + String(repeating: "x", count: 5000) + #"","n":[{}]}"#
        let records = [#"{"a":1}"#, big, #"{"b":2}"#]
        for chunk in [7, 64, 1000] {
            let (drained, reader) = try drain(Array(logFile(records).utf8), chunkSize: chunk, maxRecordSize: 1000)
            #expect(drained.texts == [#"{"a":1}"#, #"{"b":2}"#], "chunk \(chunk)")
            #expect(drained.errors.count == 1)
            #expect(drained.errors.first?.recordIndex == 1)
            #expect(drained.errors.first?.message == "record is larger than 1000 bytes; skipped")
            #expect(drained.events.count == 3 && drained.events[1].hasPrefix("error"), "error comes in record order")
            // The 5000-byte record was never held: the buffer stays near limit + chunks.
            #expect(reader.bufferedByteCapacity <= 1000 + 3 * chunk + 64, "chunk \(chunk): \(reader.bufferedByteCapacity)")
        }
    }

    @Test func recordAboveTheDefaultLimitIsSkipped() throws {
        let padding = RecordReader.defaultMaxRecordSize + 10
        let reader = try RecordReader(path: "huge.json", source: HugeRecordStream(padding: padding))
        let drained = drain(reader)
        #expect(drained.errors.map(\.message) == ["record is larger than \(RecordReader.defaultMaxRecordSize) bytes; skipped"])
        #expect(drained.texts == [#"{"after":1}"#])
        #expect(drained.records.first?.index == 1)
        // Bounded by the limit plus chunks, not by the record (nor by doubling past the limit).
        #expect(reader.bufferedByteCapacity <= RecordReader.defaultMaxRecordSize + 3 * RecordReader.defaultChunkSize)
    }

    // MARK: - File errors (reading stops, after every complete record)

    @Test func truncatedFileKeepsCompleteRecords() throws {
        let text = logFile([#"{"a":1}"#, #"{"b":"}}}"}"#, #"{"c":[1,2,3]}"#])
        let cut = text.range(of: #"{"c":[1,"#)!.upperBound
        let truncated = String(text[..<cut])
        for chunk in [1, 3, 1024] {
            let (drained, _) = try drain(Array(truncated.utf8), chunkSize: chunk)
            #expect(drained.texts == [#"{"a":1}"#, #"{"b":"}}}"}"#])
            #expect(drained.errors.map(\.message) == ["truncated: record 3 is incomplete at end of file"])
            #expect(drained.errors.first?.offset == Array(text.utf8).firstRange(of: Array(#"{"c""#.utf8))?.lowerBound)
        }
        let missingClose = try drain(#"{"Records":[{"a":1}"#)
        #expect(missingClose.texts == [#"{"a":1}"#])
        #expect(missingClose.errors.map(\.message) == ["truncated: missing closing brackets"])
        let missingBrace = try drain(#"{"Records":[{"a":1}]"#)
        #expect(missingBrace.errors.map(\.message) == ["truncated: missing closing brackets"])
        let inString = try drain(#"{"Records":[{"a":1},{"b":"unterminated"#)
        #expect(inString.texts == [#"{"a":1}"#])
        #expect(inString.errors.map(\.message) == ["truncated: record 2 is incomplete at end of file"])
    }

    @Test func emptyFileIsAnError() throws {
        for text in ["", " \n\t\r\n "] {
            let drained = try drain(text)
            #expect(drained.records.isEmpty)
            #expect(drained.errors == [InputError(path: "t.json", message: "empty file")])
        }
    }

    @Test func nonCloudTrailJSONIsAnError() throws {
        // Other shapes of events (arrays, JSON Lines, ...) are read: see EnvelopeTests.
        let expected = [
            "hello": "text that is not JSON", "42": "a number or literal", #""Records""#: "a string",
        ]
        for (text, found) in expected {
            let drained = try drain(text)
            #expect(drained.records.isEmpty)
            #expect(drained.errors.map(\.message) == ["not a CloudTrail log file: expected a JSON object or array, found \(found)"], "\(text)")
        }
        let other = try drain(#"{}"#)
        #expect(other.errors.map(\.message) == [#"not a CloudTrail log file: no "Records" array and no CloudTrail event keys (top-level keys: none)"#])
        let notArray = try drain(#"{"Records": {"a": 1}}"#)
        #expect(notArray.errors.map(\.message) == [#"not a CloudTrail log file: "Records" is not an array"#])
        let caseMatters = try drain(#"{"records": [{"a": 1}]}"#)
        #expect(caseMatters.records.isEmpty)
        #expect(caseMatters.errors.count == 1)
    }

    @Test func manyTopLevelKeysAreListedWithALimit() throws {
        let keys = (0..<20).map { #""k\#($0)": \#($0)"# }.joined(separator: ",")
        let drained = try drain("{\(keys)}")
        let message = try #require(drained.errors.first?.message)
        #expect(message.hasSuffix("k10, k11, … (20 keys))"))
    }

    @Test func digestFileIsRecognisedQuietly() throws {
        let digest = #"""
            {"awsAccountId":"111122223333","digestStartTime":"2024-01-01T00:00:00Z","digestEndTime":"2024-01-01T01:00:00Z",
             "digestS3Bucket":"bucket","digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/x.json.gz",
             "digestPublicKeyFingerprint":"abc","digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":"2024-01-01T00:59:00Z",
             "oldestEventTime":"2024-01-01T00:00:01Z","previousDigestS3Bucket":null,"previousDigestHashValue":null,
             "logFiles":[{"s3Bucket":"bucket","s3Object":"AWSLogs/x.json.gz","hashValue":"00","hashAlgorithm":"SHA-256",
                          "newestEventTime":"2024-01-01T00:59:00Z","oldestEventTime":"2024-01-01T00:00:01Z"}]}
            """#
        for chunk in [1, 4096] {
            let (drained, reader) = try drain(Array(digest.utf8), chunkSize: chunk)
            #expect(drained.records.isEmpty && drained.errors.isEmpty)
            #expect(reader.isDigest)
        }
        let (plain, reader) = try drain(Array(#"{"Records":[{"a":1}]}"#.utf8))
        #expect(plain.records.count == 1 && !reader.isDigest)
    }

    @Test func trailingDataAfterTheTopLevelObjectIsAnError() throws {
        // Concatenated log files are read (JSON Lines, `cat a.json b.json`): see EnvelopeTests.
        let drained = try drain(#"{"Records":[{"a":1}]} x{"Records":[{"b":2}]}"#)
        #expect(drained.texts == [#"{"a":1}"#])
        // Garbage where a value should start is skipped to the next line (here, the end).
        #expect(drained.errors == [InputError(path: "t.json", recordIndex: 1, offset: 22, message: "expected a JSON object, found text that is not JSON; skipped 22 bytes to the end of the file")])
        let trailingWhitespace = try drain("{\"Records\":[{\"a\":1}]}\n\r\n\t ")
        #expect(trailingWhitespace.errors.isEmpty)
    }

    @Test func malformedEnvelopeIsAnErrorAfterEarlierRecords() throws {
        let missingComma = try drain(#"{"Records":[{"a":1} {"b":2}]}"#)
        #expect(missingComma.texts == [#"{"a":1}"#, #"{"b":2}"#], "read on past a missing comma")
        #expect(missingComma.errors.map(\.description) == [#"t.json: byte 20: malformed "Records" array: missing ',' after record 1; reading on"#])
        let garbage = try drain(#"{"Records":[{"a":1} x {"b":2}]}"#)
        #expect(garbage.texts == [#"{"a":1}"#])
        #expect(garbage.errors.map(\.description) == [#"t.json: record 2 (byte 20): malformed "Records" array: expected ',' or ']' after record 1; skipped 11 bytes to the end of the file"#])
        let missingColon = try drain(#"{"Records" [{"a":1}]}"#)
        #expect(missingColon.errors.map(\.message) == ["malformed top-level object: expected ':' after a key at byte 11; skipped 21 bytes to the end of the file"])
        let trailingComma = try drain(#"{"Records":[{"a":1},]}"#)
        #expect(trailingComma.texts == [#"{"a":1}"#])
        #expect(trailingComma.errors.map(\.message) == [#"malformed "Records" array: expected a record; skipped 2 bytes to the end of the file"#])
        let keyless = try drain(#"{"Records":[], 5}"#)
        #expect(keyless.errors.map(\.message) == ["malformed top-level object: expected a key"])
    }

    @Test func mismatchedBracketsInARecordSkipToTheNextRecord() throws {
        let drained = try drain(#"{"Records":[{"a":1},{"b":[1,2},{"c":3}]}"#)
        #expect(drained.texts == [#"{"a":1}"#])
        #expect(drained.errors.count == 1)
        #expect(drained.errors.first?.recordIndex == 1)
        #expect(drained.errors.first?.offset == 20)
        #expect(drained.errors.first?.message == "malformed record: '}' at byte 29 closes '['; skipped 20 bytes to the end of the file")
        let later = try #require(drained.errors.first)
        #expect(later.description == "t.json: record 2 (byte 20): malformed record: '}' at byte 29 closes '['; skipped 20 bytes to the end of the file")
        // Records that begin like CloudTrail's (`{"eventVersion"`) are found again after the damage.
        let resynced = try drain(#"{"Records":[{"a":1},{"b":[1,2},{"eventVersion":"1"}]}"#)
        #expect(resynced.texts == [#"{"a":1}"#, #"{"eventVersion":"1"}"#])
        #expect(resynced.errors.map(\.message) == ["malformed record: '}' at byte 29 closes '['; skipped 11 bytes to the next record"])
    }

    @Test func readerReturnsNilForeverAfterTheEnd() throws {
        let reader = try RecordReader(path: "t.json", source: MemoryStream(Array(#"{"Records":[{"a":1}]"#.utf8)))
        #expect(try reader.next() != nil)
        #expect(throws: InputError.self) { try reader.next() }
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func openingAMissingFileNamesIt() {
        #expect {
            _ = try RecordReader(file: InputFile(path: "/nonexistent/peregrine/x.json"))
        } throws: { error in
            (error as? InputError)?.description == "/nonexistent/peregrine/x.json: cannot open: No such file or directory"
        }
    }

    @Test func errorDescriptions() {
        #expect(InputError(path: "a.json", recordIndex: 0, offset: 12, message: "m").description == "a.json: record 1 (byte 12): m")
        #expect(InputError(path: "a.json", recordIndex: 4, message: "m").description == "a.json: record 5: m")
        #expect(InputError(path: "a.json", offset: 7, message: "m").description == "a.json: byte 7: m")
        #expect(InputError(path: "a.json", message: "m").description == "a.json: m")
    }

    // MARK: - Streams over real descriptors

    @Test func fileDescriptorStreamReadsAPipe() throws {
        let payload = Array(logFile((0..<200).map { #"{"i":\#($0)}"# }).utf8)
        for data in [payload, gzip(payload)] {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let writeEnd = fds[1]
            let writer = Thread {
                data.withUnsafeBytes { raw in
                    var sent = 0
                    while sent < raw.count {
                        // Small writes, so the reader sees many short reads.
                        let n = write(writeEnd, raw.baseAddress! + sent, min(97, raw.count - sent))
                        if n <= 0 { break }
                        sent += n
                    }
                }
                close(writeEnd)
            }
            writer.start()
            let source = FileDescriptorStream(descriptor: fds[0], path: "<pipe>", ownsDescriptor: true)
            let reader = try RecordReader(path: "<pipe>", source: source, chunkSize: 64)
            let drained = drain(reader)
            #expect(drained.errors.isEmpty)
            #expect(drained.records.count == 200)
            #expect(drained.texts.last == #"{"i":199}"#)
            #expect(reader.compression == (data == payload ? .none : .gzip))
        }
    }

    @Test func readsAFileFromDisk() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("a.json", logFile([#"{"a":1}"#, #"{"b":2}"#]))
        let reader = try RecordReader(file: InputFile(path: path))
        #expect(reader.path == path)
        #expect(drain(reader).texts == [#"{"a":1}"#, #"{"b":2}"#])
        // A directory is not a file: the error names it.
        #expect {
            _ = try RecordReader(file: InputFile(path: dir.path))
        } throws: { error in
            (error as? InputError)?.description == "\(dir.path): byte 0: read failed: Is a directory"
        }
    }

    // MARK: - Real data

    @Test(.requiresShared) func realDatasetsMatchJSONSerializationCounts() throws {
        let shared = try Shared.require()
        let datasets = shared.appendingPathComponent("datasets")
        let formatDirectories = try FileManager.default.contentsOfDirectory(atPath: datasets.path).sorted()
            .map { datasets.appendingPathComponent($0).appendingPathComponent("cloudtrail-format").path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        let roots = formatDirectories + [datasets.appendingPathComponent("invictus-aws-dataset/CloudTrail").path]
        let (files, discoveryErrors) = InputDiscovery.expand(roots)
        #expect(discoveryErrors.isEmpty, "\(discoveryErrors)")
        #expect(files.count > 500)

        var expectedTotal = 0
        var actualTotal = 0
        var logFiles = 0
        for file in files {
            let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file.path)))
            let plain = try #require(raw.starts(with: [0x1F, 0x8B]) ? gunzipWhole(raw) : raw, "\(file.path)")
            let json = try JSONSerialization.jsonObject(with: Data(plain))
            let reader = try RecordReader(file: file)
            let drained = drain(reader)
            if let object = json as? [String: Any], let records = object["Records"] as? [Any] {
                logFiles += 1
                expectedTotal += records.count
                actualTotal += drained.records.count
                #expect(drained.errors.isEmpty, "\(drained.errors)")
                #expect(drained.records.count == records.count, "\(file.path)")
                // Each record's bytes are exactly that element.
                for (record, element) in zip(drained.records, records) {
                    let parsed = try JSONSerialization.jsonObject(with: Data(record.bytes))
                    #expect(try canonical(parsed) == canonical(element), "\(file.path) record \(record.index)")
                }
            } else {
                // The datasets' MANIFEST.json files: not logs, and said so.
                #expect(drained.records.isEmpty)
                #expect(drained.errors.count == 1 && drained.errors[0].message.hasPrefix("not a CloudTrail log file"), "\(file.path)")
            }
        }
        #expect(logFiles > 500)
        #expect(actualTotal == expectedTotal)
        print("real datasets: \(files.count) files, \(logFiles) logs, \(actualTotal) records")
    }

    /// JSON text with sorted keys, to compare parsed values.
    private func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }

    @Test(.requiresShared) func cloudgrepBadFileIsTruncated() throws {
        let shared = try Shared.require()
        let path = shared.appendingPathComponent("datasets/small-fixtures/cloudgrep/bad_cloudtrail.json").path
        let drained = drain(try RecordReader(file: InputFile(path: path)))
        #expect(drained.errors.count == 1)
        let error = try #require(drained.errors.first)
        #expect(error.path == path)
        #expect(error.message.hasPrefix("truncated: record \(drained.records.count + 1) is incomplete"))
        for record in drained.records {
            #expect((try? JSONSerialization.jsonObject(with: Data(record.bytes))) is [String: Any])
        }
    }
}
