// NumberSet.swift - the right-hand side of `in` / `intersects` for numeric fields.

/// The right-hand side of `in` / `intersects` for numeric fields.
public struct NumberSet: Sendable {
    @usableFromInline let items: Set<UInt64>

    public init(_ items: [UInt64]) { self.items = Set(items) }

    @inlinable public func contains(_ n: UInt64) -> Bool { items.contains(n) }

    public var count: Int { items.count }
}
