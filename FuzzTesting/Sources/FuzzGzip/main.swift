// GzipStream: no trap on any input, and the output does not depend on read sizes.
@_spi(Fuzzing) import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limit = 4 << 20
    let a = fuzzingGunzip(bytes, piece: .max, inputChunkSize: 256 * 1024, outputChunk: 64 * 1024, limit: limit)
    let b = fuzzingGunzip(bytes, piece: 5, inputChunkSize: 11, outputChunk: 17, limit: limit)
    if a.output.count < limit && b.output.count < limit {
        precondition((a.error == nil) == (b.error == nil), "gzip validity depends on read sizes")
        if a.error == nil { precondition(a.output == b.output, "gzip output depends on read sizes") }
    }
    return 0
}
