// The log-shape classifier and envelope scanner (RecordReader over memory): no trap, and the
// records found do not depend on how the bytes are split into reads and chunks.
@_spi(Fuzzing) import Runtime

/// Every record (bytes and index) and error message, up to a bound.
func drain(_ bytes: [UInt8], piece: Int, chunkSize: Int) -> (records: [[UInt8]], errors: [String], shape: LogShape?) {
    var records: [[UInt8]] = []
    var errors: [String] = []
    var shape: LogShape?
    do throws(InputError) {
        let reader = try RecordReader(fuzzingPath: "fuzz.json", bytes: bytes, piece: piece, chunkSize: chunkSize,
                                      maxRecordSize: 1 << 16)
        var steps = 0
        while steps < 100_000 {
            steps += 1
            do throws(InputError) {
                guard let record = try reader.next() else { break }
                records.append(Array(record.bytes))
            } catch {
                errors.append(error.message)
            }
        }
        shape = reader.shape
    } catch {
        errors.append(error.message)
    }
    return (records, errors, shape)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = drain(bytes, piece: .max, chunkSize: 256 * 1024)
    let split = drain(bytes, piece: 7, chunkSize: 13)
    precondition(whole.records == split.records, "records depend on read boundaries")
    precondition(whole.errors.count == split.errors.count, "errors depend on read boundaries")
    return 0
}
