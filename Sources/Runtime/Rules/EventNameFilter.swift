// EventNameFilter.swift - the ct.name values a rule can match, as the compiler proved them.

/// Which event names a rule can match: one of `names`, or a name starting with one of `prefixes`
/// or ending with one of `suffixes` (libsinsp's `startswith`/`endswith`, literals cut at NUL). A
/// rule whose condition requires such a `ct.name` is only tested on events it admits (Falco's
/// event-type index, extended to prefixes and suffixes at build time).
public struct EventNameFilter: Sendable, Equatable {
    public let names: [String]
    public let prefixes: [String]
    public let suffixes: [String]
    private let prefixBytes: [[UInt8]]
    private let suffixBytes: [[UInt8]]

    public init(_ names: [String] = [], prefixes: [String] = [], suffixes: [String] = []) {
        self.names = names
        self.prefixes = prefixes
        self.suffixes = suffixes
        prefixBytes = prefixes.map { Array($0.utf8.prefix { $0 != 0 }) }
        suffixBytes = suffixes.map { Array($0.utf8.prefix { $0 != 0 }) }
    }

    /// Only exact names: they go straight into the dispatch table.
    public var isExact: Bool { prefixes.isEmpty && suffixes.isEmpty }

    /// Whether a prefix or a suffix admits `name` (exact names are the dispatch table's job).
    public func admitsByPattern(_ name: UnsafeRawBufferPointer) -> Bool {
        prefixBytes.contains { p in p.withUnsafeBytes { ByteCompare.hasPrefix(name, $0) } }
            || suffixBytes.contains { s in s.withUnsafeBytes { ByteCompare.hasSuffix(name, $0) } }
    }

    public static func == (a: EventNameFilter, b: EventNameFilter) -> Bool {
        a.names == b.names && a.prefixes == b.prefixes && a.suffixes == b.suffixes
    }
}
