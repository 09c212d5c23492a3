// ABI.swift - a version marker that generated code checks, so a stale generator fails loudly.

/// Bump when the API that generated code calls changes incompatibly.
public enum RuntimeABI_2 {}

/// Generated code declares `struct _Check: RuntimeABICheck { typealias Version = RuntimeABI_2 }`;
/// a mismatch is a compile error naming the version.
public protocol RuntimeABICheck { associatedtype Version }
