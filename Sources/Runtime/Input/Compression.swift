// Compression.swift - how an input file's bytes are encoded.

/// The encoding of an input file, recognised by its first bytes (gzip starts with `1f 8b`),
/// never by its name: a `.json` file that is really gzip is read correctly, and so is stdin.
public enum Compression: Sendable {
    case none
    case gzip
}
