// Event+Operators.swift - the condition operators generated rule code calls (spec §3.4).

/// Falco's operators on a field slot of the loaded event.
///
/// Every operator is false when the field is absent — including `notEqual` — because libsinsp's
/// `compare` returns false when extraction yields nothing (spec §2.1); only an enclosing `not`
/// flips it. String operators compare bytes in place (`stringBytes`: no copy, no `String`); values
/// were cut at NUL on extraction and literals are cut at NUL here, mirroring libsinsp's C-string
/// comparisons.
/// A string operator on a non-string value (number, list) is false; the rule compiler never emits
/// one.
extension Event {
    // MARK: - Presence

    /// `exists`: a value was extracted.
    @inlinable public func exists(_ slot: Int) -> Bool { isPresent(slot) }

    // MARK: - String comparisons

    /// Runs `body` on the slot's string bytes and the literal's bytes; false when not a string.
    @inlinable func withString(_ slot: Int, _ literal: StaticString,
                               _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard let v = stringBytes(slot) else { return false }
        return ByteCompare.literalBytes(literal) { lb in body(v, lb) }
    }

    /// `=` / `==`: `strcmp == 0`.
    @inlinable public func equal(_ slot: Int, _ literal: StaticString) -> Bool {
        guard let v = stringBytes(slot) else { return false }
        return ByteCompare.equalsLiteral(v, literal)
    }

    /// `!=`: `strcmp != 0`, still false when absent.
    @inlinable public func notEqual(_ slot: Int, _ literal: StaticString) -> Bool {
        guard let v = stringBytes(slot) else { return false }
        return !ByteCompare.equalsLiteral(v, literal)
    }

    /// `<` in `strcmp` order (unsigned bytes).
    @inlinable public func less(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.compare($0, $1) < 0 }
    }

    /// `<=` in `strcmp` order.
    @inlinable public func lessEqual(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.compare($0, $1) <= 0 }
    }

    /// `>` in `strcmp` order.
    @inlinable public func greater(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.compare($0, $1) > 0 }
    }

    /// `>=` in `strcmp` order.
    @inlinable public func greaterEqual(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.compare($0, $1) >= 0 }
    }

    /// `contains`: `strstr` (an empty literal is contained in every present value).
    @inlinable public func contains(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.contains($0, $1) }
    }

    /// `icontains`: `strcasestr`, ASCII case folding only.
    @inlinable public func icontains(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.containsIgnoringCase($0, $1) }
    }

    /// `bcontains`: byte substring. libsinsp allows it only on byte-buffer fields (none exist on
    /// this source) and writes the literal in hex; the compiler passes the decoded bytes.
    @inlinable public func bcontains(_ slot: Int, _ literal: StaticString) -> Bool {
        contains(slot, literal)
    }

    /// `startswith`: `strncmp(value, literal, strlen(literal)) == 0`.
    @inlinable public func startsWith(_ slot: Int, _ literal: StaticString) -> Bool {
        guard let v = stringBytes(slot) else { return false }
        return ByteCompare.hasLiteralPrefix(v, literal)
    }

    /// `bstartswith`: byte prefix (see `bcontains`).
    @inlinable public func bstartsWith(_ slot: Int, _ literal: StaticString) -> Bool {
        startsWith(slot, literal)
    }

    /// `endswith`: suffix.
    @inlinable public func endsWith(_ slot: Int, _ literal: StaticString) -> Bool {
        withString(slot, literal) { ByteCompare.hasSuffix($0, $1) }
    }

    /// `glob`: `fnmatch(pattern, value, 0)` — `*` also matches `/`.
    @inlinable public func glob(_ slot: Int, _ pattern: StaticString) -> Bool {
        withString(slot, pattern) { Glob.match($1, $0, caseFold: false) }
    }

    /// `iglob`: `fnmatch(pattern, value, FNM_CASEFOLD)`.
    @inlinable public func iglob(_ slot: Int, _ pattern: StaticString) -> Bool {
        withString(slot, pattern) { Glob.match($1, $0, caseFold: true) }
    }

    /// `regex`: the whole value matches (RE2 POSIX syntax; see `RegexPattern`).
    @inlinable public func regex(_ slot: Int, _ pattern: RegexPattern) -> Bool {
        guard case .string(let v) = value(slot) else { return false }
        return pattern.matches(v)
    }

    // MARK: - Sets

    /// `in`: a string value is one of the set; a list value is non-empty and all of its values are
    /// in the set.
    @inlinable public func isIn(_ slot: Int, _ set: StringSet) -> Bool {
        if let v = stringBytes(slot) { return set.contains(v) }
        guard mayHoldList(slot) else { return false }
        switch value(slot) {
        case .string(let v): return set.contains(v)
        case .list(let l): return !l.isEmpty && l.allSatisfy { set.contains($0) }
        case .absent, .number: return false
        }
    }

    /// `intersects`: a string value is one of the set; for a list, any of its values is.
    @inlinable public func intersects(_ slot: Int, _ set: StringSet) -> Bool {
        if let v = stringBytes(slot) { return set.contains(v) }
        guard mayHoldList(slot) else { return false }
        switch value(slot) {
        case .string(let v): return set.contains(v)
        case .list(let l): return l.contains { set.contains($0) }
        case .absent, .number: return false
        }
    }

    /// `pmatch`: some entry of the set is a path prefix of the value (see `PathPrefixSet`).
    @inlinable public func pmatch(_ slot: Int, _ set: PathPrefixSet) -> Bool {
        guard let v = stringBytes(slot) else { return false }
        return set.matches(v)
    }

    /// Whether the slot can hold a list (only computed fields can: `ec2.imageids`, transformers).
    @inlinable func mayHoldList(_ slot: Int) -> Bool {
        if case .computed = sources[slot] { return true }
        return tapeOnly
    }

    // MARK: - Numbers (uint64, abstime, reltime)

    /// Runs `body` on the slot's number; false when it is not a number.
    @inlinable func withNumber(_ slot: Int, _ body: (UInt64) -> Bool) -> Bool {
        guard case .number(let n) = value(slot) else { return false }
        return body(n)
    }

    /// `=` / `==` on a numeric field.
    @inlinable public func equal(_ slot: Int, _ n: UInt64) -> Bool { withNumber(slot) { $0 == n } }
    /// `!=` on a numeric field (false when absent).
    @inlinable public func notEqual(_ slot: Int, _ n: UInt64) -> Bool { withNumber(slot) { $0 != n } }
    /// `<` on a numeric field.
    @inlinable public func less(_ slot: Int, _ n: UInt64) -> Bool { withNumber(slot) { $0 < n } }
    /// `<=` on a numeric field.
    @inlinable public func lessEqual(_ slot: Int, _ n: UInt64) -> Bool { withNumber(slot) { $0 <= n } }
    /// `>` on a numeric field.
    @inlinable public func greater(_ slot: Int, _ n: UInt64) -> Bool { withNumber(slot) { $0 > n } }
    /// `>=` on a numeric field.
    @inlinable public func greaterEqual(_ slot: Int, _ n: UInt64) -> Bool { withNumber(slot) { $0 >= n } }

    /// `in` on a numeric field.
    @inlinable public func isIn(_ slot: Int, _ set: NumberSet) -> Bool { withNumber(slot) { set.contains($0) } }
    /// `intersects` on a numeric field (single-valued: same as `in`).
    @inlinable public func intersects(_ slot: Int, _ set: NumberSet) -> Bool { withNumber(slot) { set.contains($0) } }
}
