// ListResolver.swift - list names inside `( ... )` replaced by their items, on the syntax tree.

/// Expands list references. Falco substitutes list names as text before parsing (quote-blind);
/// we expand on the tree, so positions survive and a quoted "approved_regions" stays a string.
/// Like Falco, a list item naming an earlier list expands one level (spec §3.2).
struct ListResolver {
    let lists: [String: CollectedList]
    private(set) var used: Set<String> = []

    init(lists: [String: CollectedList]) { self.lists = lists }

    /// The values of a list on the right of `in`/`intersects`/`pmatch`, and the list's name when
    /// the values are exactly one list's items.
    mutating func expand(_ elements: [ListElement]) -> (values: [ValueLiteral], listName: String?) {
        var out: [ValueLiteral] = []
        var names: [String] = []
        for e in elements {
            switch e {
            case .value(let v):
                out.append(v)
            case .maybeListName(let v):
                if let items = items(ofList: v.text) {
                    names.append(v.text)
                    // The values keep the list item's own position (its YAML line).
                    out.append(contentsOf: items)
                } else {
                    out.append(v)
                }
            }
        }
        return (out, names.count == 1 && elements.count == 1 ? names[0] : nil)
    }

    /// A bare value that names a list with a single item stands for that item (Falco's textual
    /// substitution makes `ct.region = one_item_list` work).
    mutating func expandSingle(_ v: ValueLiteral) -> ValueLiteral? {
        guard !v.isQuoted, let items = items(ofList: v.text) else { return nil }
        return items.count == 1 ? items[0] : nil
    }

    /// Whether `name` is a defined list.
    func isList(_ name: String) -> Bool { lists[name] != nil }

    mutating func items(ofList name: String) -> [ValueLiteral]? {
        guard let list = lists[name] else { return nil }
        used.insert(name)
        var out: [ValueLiteral] = []
        for item in list.items {
            // One level of lists in lists, only lists defined before this list's definition.
            if let inner = lists[item.value], inner.order < list.visibility, inner.name != name {
                used.insert(inner.name)
                out.append(contentsOf: inner.items.map(Self.literal))
            } else {
                out.append(Self.literal(item))
            }
        }
        return out
    }

    /// A list item as a value: `'"(systemd)"'` in YAML is the quoted value `(systemd)`.
    static func literal(_ s: YAMLScalar) -> ValueLiteral {
        let v = s.value
        if v.count >= 2, let q = v.first, q == "\"" || q == "'", v.last == q {
            let inner = String(v.dropFirst().dropLast())
            var out = ""
            var escaped = false
            for ch in inner {
                if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
            }
            return ValueLiteral(text: out, isQuoted: true, range: s.range)
        }
        return ValueLiteral(text: v, isQuoted: false, range: s.range)
    }
}
