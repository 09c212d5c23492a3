// Transformers.swift - Falco's field transformers: tolower, toupper, b64, basename, len, join, concat.

extension Event {
    /// Computes a transformer slot from its inputs (spec §3.4). Absent inputs stay absent; on a
    /// list value the string transformers apply to each element, `len` counts the elements.
    func applyTransform(_ t: FieldTransform) -> FieldValue {
        let inputs = t.inputs.map { input -> FieldValue in
            switch input {
            case .slot(let s): value(s)
            case .literal(let text): .string(ByteString(Array(text.utf8)))
            }
        }
        switch t.transformer {
        case .tolower: return mapStrings(inputs.first ?? .absent) { ByteString($0.map(Self.asciiLower)) }
        case .toupper: return mapStrings(inputs.first ?? .absent) { ByteString($0.map(Self.asciiUpper)) }
        case .basename:
            return mapStrings(inputs.first ?? .absent) { s in
                guard let slash = s.lastIndex(of: UInt8(ascii: "/")) else { return s }
                return s[(slash + 1)...]
            }
        case .b64:
            return mapStringsOptional(inputs.first ?? .absent) { Base64.decode($0).map { ByteString($0) } }
        case .len:
            switch inputs.first ?? .absent {
            case .absent: return .absent
            case .string(let s): return .number(UInt64(s.count))
            case .list(let xs): return .number(UInt64(xs.count))
            case .number(let n): return .number(UInt64(String(n).utf8.count))
            }
        case .join:
            // join(separator, list)
            guard inputs.count == 2, case .string(let sep) = inputs[0] else { return .absent }
            switch inputs[1] {
            case .list(let xs): return .string(ByteString(Array(xs.joined(separator: sep))))
            case .string(let s): return .string(s)
            default: return .absent
            }
        case .concat:
            var out: [UInt8] = []
            for v in inputs {
                switch v {
                case .string(let s): out.append(contentsOf: s)
                case .number(let n): out.append(contentsOf: String(n).utf8)
                case .list, .absent: return .absent
                }
            }
            return .string(ByteString(out))
        }
    }

    private func mapStrings(_ v: FieldValue, _ f: (ByteString) -> ByteString) -> FieldValue {
        switch v {
        case .string(let s): .string(f(s))
        case .list(let xs): .list(xs.map(f))
        case .absent, .number: v
        }
    }

    private func mapStringsOptional(_ v: FieldValue, _ f: (ByteString) -> ByteString?) -> FieldValue {
        switch v {
        case .string(let s):
            return f(s).map { FieldValue.string($0) } ?? FieldValue.absent
        case .list(let xs):
            let mapped = xs.compactMap(f)
            return mapped.count == xs.count ? .list(mapped) : .absent
        case .absent, .number:
            return v
        }
    }

    static func asciiLower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
    static func asciiUpper(_ b: UInt8) -> UInt8 { b >= 97 && b <= 122 ? b - 32 : b }
}

/// Base64 as libsinsp's `b64()` decodes it (`Base64::decodeWithoutPadding`): the standard
/// alphabet, padding optional (at most two '=' at the end), non-zero bits left over after the last
/// byte are an error (nil = absent). The result is handed on as a C string, so it ends at the first
/// decoded NUL.
enum Base64 {
    static func decode(_ s: ByteString) -> [UInt8]? {
        var body = s[...]
        var padding = 0
        while padding < 2, body.last == UInt8(ascii: "=") { body = body.dropLast(); padding += 1 }
        if body.isEmpty { return padding == 0 ? [] : nil }  // "" decodes to ""; "=" alone is invalid
        var out: [UInt8] = []
        out.reserveCapacity(body.count / 4 * 3 + 2)
        var acc: UInt32 = 0
        var bits = 0
        for c in body {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - 65)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - 97 + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - 48 + 52)
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            default: return nil
            }
            acc = (acc << 6 | v) & 0xFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        // A single character left over cannot encode a byte; leftover bits must be zero.
        guard bits < 6, acc & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        if let nul = out.firstIndex(of: 0) { out.removeSubrange(nul...) }
        return out
    }
}
