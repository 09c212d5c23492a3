// ByteCompare.swift - libc string semantics (strcmp, strstr, strcasestr, ...) on byte buffers.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C string functions libsinsp compares `PT_CHARBUF` values with (spec §3.4), on byte buffers
/// that hold no NUL (field values are cut at NUL on extraction; literals by `literalBytes`).
@usableFromInline enum ByteCompare {
    /// A literal's bytes up to its first NUL: libsinsp compares literals as C strings too.
    /// (Literals are short: a byte loop costs less than a call to `memchr`.)
    @inlinable static func literalBytes<R>(_ literal: StaticString, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(cString(literal))
    }

    /// A literal's bytes up to its first NUL.
    @inlinable static func cString(_ literal: StaticString) -> UnsafeRawBufferPointer {
        let start = literal.utf8Start
        let n = literal.utf8CodeUnitCount
        var z = 0
        // safe: a StaticString's bytes are static and live forever; z < n bounds every read.
        while z < n && start[z] != 0 { z &+= 1 }
        return UnsafeRawBufferPointer(start: start, count: z)
    }

    /// `strcmp(value, literal) == 0` for a value without NUL: no pass over the literal first.
    ///
    /// Equal bytes over the literal's whole length mean the literal holds no NUL either (the value
    /// has none); otherwise the literal can only equal the value if it stops, at a NUL, exactly
    /// where the value does.
    @inlinable static func equalsLiteral(_ v: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let l = literal.utf8Start
        let n = literal.utf8CodeUnitCount
        // safe: memcmp reads min(v.count, n) bytes of both (counts compared first); literals are static.
        if v.count == n { return n == 0 || memcmp(v.baseAddress!, l, n) == 0 }
        guard v.count < n, l[v.count] == 0 else { return false }
        return v.count == 0 || memcmp(v.baseAddress!, l, v.count) == 0
    }

    /// `strncmp(value, literal, strlen(literal)) == 0`, stopping at the first difference (the
    /// usual outcome when a rule does not match) without measuring the literal first.
    @inlinable static func hasLiteralPrefix(_ v: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let l = literal.utf8Start
        let n = literal.utf8CodeUnitCount
        var k = 0
        while k < n {
            let b = l[k]  // safe: k < n, the literal's length; v is read only below k < v.count
            if b == 0 { return true }
            if k >= v.count || v[k] != b { return false }
            k &+= 1
        }
        return true
    }

    /// `strcmp` sign: bytes compared unsigned, a proper prefix sorts first.
    @inlinable static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            // safe: both buffers hold at least n bytes.
            let r = memcmp(a.baseAddress!, b.baseAddress!, n)
            if r != 0 { return r < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    @inlinable static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        // safe: equal counts checked first; baseAddress is non-nil when count > 0.
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// `strstr(a, b) != NULL` (an empty needle is found).
    @inlinable static func contains(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        if b.count == 0 { return true }
        guard a.count >= b.count else { return false }
        // memchr for the first byte, memcmp for the rest (Glibc does not export memmem to Swift).
        // safe: at <= last = a.count - b.count, so base[at ..< at + b.count] is inside a.
        let base = a.baseAddress!, needle = b.baseAddress!
        let first = Int32(b[0])
        var i = 0
        let last = a.count - b.count
        while i <= last {
            guard let hit = memchr(base + i, first, last - i + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if b.count == 1 || memcmp(base + at + 1, needle + 1, b.count - 1) == 0 { return true }
            i = at + 1
        }
        return false
    }

    /// `strcasestr(a, b) != NULL`: ASCII case folding only (the C locale).
    @inlinable static func containsIgnoringCase(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        if b.count == 0 { return true }
        guard a.count >= b.count else { return false }
        let first = asciiLower(b[0])
        var i = 0
        let last = a.count - b.count
        while i <= last {
            if asciiLower(a[i]) == first {
                var k = 1
                while k < b.count, asciiLower(a[i + k]) == asciiLower(b[k]) { k += 1 }
                if k == b.count { return true }
            }
            i += 1
        }
        return false
    }

    /// `strncmp(a, b, strlen(b)) == 0`.
    @inlinable static func hasPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        // safe: b.count <= a.count checked first; memcmp only when b.count > 0.
        b.count <= a.count && (b.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, b.count) == 0)
    }

    /// libsinsp's `endswith`: the last `strlen(b)` bytes of `a` equal `b`.
    @inlinable static func hasSuffix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        // safe: b.count <= a.count checked first, so a's last b.count bytes are in bounds.
        b.count <= a.count && (b.count == 0 || memcmp(a.baseAddress! + (a.count - b.count), b.baseAddress!, b.count) == 0)
    }

    /// C-locale `tolower`.
    @inlinable static func asciiLower(_ c: UInt8) -> UInt8 {
        c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
    }
}
