//! A scenario's values as a tree that remembers where each value was written, so that `extends`
//! and `--set` can be merged key by key and every later error can point at the right file, line
//! and column.

use crate::diagnostic::{Location, SourceFile};
use serde_spanned::Spanned;
use toml::Value;
use toml::de::{DeTable, DeValue};

/// Where one node came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// `key_span` covers the key (or array element), `span` the value.
    File {
        source: usize,
        key_span: std::ops::Range<usize>,
        span: std::ops::Range<usize>,
    },
    Set(String),
    /// Created to hold a `--set` value below it.
    Implied,
}

#[derive(Debug, Clone)]
pub enum NodeVal {
    Leaf(Value),
    Table(Vec<(String, Node)>),
    Array(Vec<Node>),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub val: NodeVal,
    pub origin: Origin,
}

/// Arrays of tables whose entries are matched by `name` across `extends`.
pub const NAMED_ARRAYS: [&str; 4] = ["events", "timeline", "pathways", "outcomes"];

impl Node {
    /// Builds the tree of one parsed file from its values and its spanned parse.
    pub fn from_file(value: &Value, spanned: &Spanned<DeTable<'_>>, source: usize) -> Node {
        let span = spanned.span();
        build_table(value, spanned.get_ref(), source, span.clone(), span)
    }

    pub fn child(&self, key: &str) -> Option<&Node> {
        match &self.val {
            NodeVal::Table(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, n)| n),
            _ => None,
        }
    }

    pub fn child_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.val {
            NodeVal::Table(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, n)| n),
            _ => None,
        }
    }

    /// The `name` of a table entry, if it has one.
    pub fn name(&self) -> Option<&str> {
        match self.child("name")?.val {
            NodeVal::Leaf(Value::String(ref s)) => Some(s),
            _ => None,
        }
    }

    /// Whether a named entry was switched off with `enabled = false`.
    fn disabled(&self) -> bool {
        matches!(self.child("enabled").map(|n| &n.val), Some(NodeVal::Leaf(Value::Boolean(false))))
    }

    /// Overlays `child` onto `self` (the parent): tables merge key by key, named arrays merge by
    /// `name`, a distribution table (one with `dist`) and everything else replaces wholesale.
    /// A pathway the parent lacks goes before the parent's catch-all (its last pathway, without
    /// `when`), which stays last: pathways match in order, so one placed after the catch-all
    /// could never match.
    pub fn merge(&mut self, child: Node, key: Option<&str>) {
        match (&mut self.val, child.val) {
            (NodeVal::Table(_), NodeVal::Table(entries)) if !entries.iter().any(|(k, _)| k == "dist") => {
                for (k, n) in entries {
                    match self.child_mut(&k) {
                        Some(existing) => existing.merge(n, Some(&k)),
                        None => self.push(k, n),
                    }
                }
                self.origin = child.origin;
            }
            (NodeVal::Array(parent), NodeVal::Array(entries)) if key.is_some_and(|k| NAMED_ARRAYS.contains(&k)) => {
                for entry in entries {
                    let pos = entry.name().and_then(|n| parent.iter().position(|p| p.name() == Some(n)));
                    let catch_all = key == Some("pathways")
                        && entry.child("when").is_some()
                        && parent.last().is_some_and(|p| p.child("when").is_none() && !p.disabled());
                    match pos {
                        Some(i) => parent[i] = entry,
                        None if catch_all => {
                            let at = parent.len() - 1;
                            parent.insert(at, entry);
                        }
                        None => parent.push(entry),
                    }
                }
            }
            (_, val) => *self = Node { val, origin: child.origin },
        }
    }

    fn push(&mut self, key: String, node: Node) {
        if let NodeVal::Table(entries) = &mut self.val {
            entries.push((key, node));
        }
    }

    /// Drops entries of the named arrays that say `enabled = false`.
    pub fn drop_disabled(&mut self) {
        for key in NAMED_ARRAYS {
            if let Some(Node { val: NodeVal::Array(items), .. }) = self.child_mut(key) {
                items.retain(|n| !n.disabled());
            }
        }
    }

    /// Sets the value at a dotted path (`agents.us.aggression`, `events.summit.probability`),
    /// creating tables on the way; a segment below a named array selects the entry by name.
    pub fn set(&mut self, path: &[&str], value: Value, origin: Origin) -> Result<(), String> {
        let Some((first, rest)) = path.split_first() else {
            return Err("empty key".into());
        };
        if let NodeVal::Array(items) = &mut self.val {
            let names: Vec<String> = items.iter().filter_map(|n| n.name().map(str::to_string)).collect();
            let Some(item) = items.iter_mut().find(|n| n.name() == Some(first)) else {
                return Err(format!("no entry named `{first}` (entries: {})", names.join(", ")));
            };
            return if rest.is_empty() {
                Err("a whole entry cannot be replaced with --set; set one of its keys".into())
            } else {
                item.set(rest, value, origin)
            };
        }
        if !matches!(self.val, NodeVal::Table(_)) {
            return Err(format!("`{first}` is inside a value that is not a table"));
        }
        if rest.is_empty() {
            let node = Node::from_value(&value, &origin);
            match self.child_mut(first) {
                Some(existing) => *existing = node,
                None => self.push(first.to_string(), node),
            }
            return Ok(());
        }
        if self.child(first).is_none() {
            self.push(first.to_string(), Node { val: NodeVal::Table(Vec::new()), origin: Origin::Implied });
        }
        self.child_mut(first).expect("just ensured").set(rest, value, origin)
    }

    fn from_value(value: &Value, origin: &Origin) -> Node {
        let val = match value {
            Value::Table(t) => {
                NodeVal::Table(t.iter().map(|(k, v)| (k.clone(), Node::from_value(v, origin))).collect())
            }
            Value::Array(a) => NodeVal::Array(a.iter().map(|v| Node::from_value(v, origin)).collect()),
            v => NodeVal::Leaf(v.clone()),
        };
        Node { val, origin: origin.clone() }
    }

    /// Removes the value at `path` (keys and array indices); whether there was one.
    pub fn remove(&mut self, path: &[String]) -> bool {
        let Some((last, parents)) = path.split_last() else { return false };
        let mut node = self;
        for seg in parents {
            let next = match &mut node.val {
                NodeVal::Table(entries) => entries.iter_mut().find(|(k, _)| k == seg).map(|(_, n)| n),
                NodeVal::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
                NodeVal::Leaf(_) => None,
            };
            match next {
                Some(n) => node = n,
                None => return false,
            }
        }
        match &mut node.val {
            NodeVal::Table(entries) => {
                let before = entries.len();
                entries.retain(|(k, _)| k != last);
                entries.len() < before
            }
            _ => false,
        }
    }

    /// The plain TOML value, for deserializing.
    pub fn to_value(&self) -> Value {
        match &self.val {
            NodeVal::Leaf(v) => v.clone(),
            NodeVal::Table(entries) => Value::Table(entries.iter().map(|(k, n)| (k.clone(), n.to_value())).collect()),
            NodeVal::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
        }
    }

    /// The deepest node along `path` (keys and array indices as strings), and whether the whole
    /// path was found.
    pub fn locate(&self, path: &[String]) -> (&Node, bool) {
        let mut node = self;
        for seg in path {
            let next = match &node.val {
                NodeVal::Table(_) => node.child(seg),
                NodeVal::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                NodeVal::Leaf(_) => None,
            };
            match next {
                Some(n) => node = n,
                None => return (node, false),
            }
        }
        (node, true)
    }

    /// The user-facing location of this node; `key` selects the key span instead of the value.
    pub fn location(&self, sources: &[SourceFile], key: bool) -> Location {
        match &self.origin {
            Origin::File { source, key_span, span } => Location::File {
                source: sources[*source].clone(),
                span: if key { key_span.clone() } else { span.clone() },
            },
            Origin::Set(arg) => Location::Set(arg.clone()),
            Origin::Implied => Location::Nowhere(None),
        }
    }
}

fn build(value: &Value, de: &Spanned<DeValue<'_>>, source: usize, key_span: std::ops::Range<usize>) -> Node {
    let span = de.span();
    match (value, de.get_ref()) {
        (Value::Table(_), DeValue::Table(t)) => build_table(value, t, source, key_span, span),
        (Value::Array(items), DeValue::Array(des)) => {
            let nodes = items.iter().zip(des.iter()).map(|(v, d)| build(v, d, source, d.span())).collect();
            Node { val: NodeVal::Array(nodes), origin: Origin::File { source, key_span, span } }
        }
        (v, _) => Node { val: NodeVal::Leaf(v.clone()), origin: Origin::File { source, key_span, span } },
    }
}

fn build_table(
    value: &Value,
    de: &DeTable<'_>,
    source: usize,
    key_span: std::ops::Range<usize>,
    span: std::ops::Range<usize>,
) -> Node {
    let Value::Table(table) = value else { unreachable!("build_table is called on tables") };
    let mut entries = Vec::with_capacity(table.len());
    for (k, v) in table {
        let found = de.iter().find(|(dk, _)| dk.get_ref().as_ref() == k.as_str());
        let node = match found {
            Some((dk, dv)) => build(v, dv, source, dk.span()),
            None => Node {
                val: NodeVal::Leaf(v.clone()),
                origin: Origin::File { source, key_span: span.clone(), span: span.clone() },
            },
        };
        entries.push((k.clone(), node));
    }
    Node { val: NodeVal::Table(entries), origin: Origin::File { source, key_span, span } }
}
