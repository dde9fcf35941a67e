//! The domain reads as the process (issue 10): no import cycle between its files, and between
//! its folders every arrow points from a later stage to an earlier one (or to the vocabulary).
//! Reads the `use` declarations (multi-line groups included) and the `super::…` and
//! `crate::domain::…` paths written in code of every file under `src/domain`; comments, string
//! literals and `#[cfg(test)]` tails are skipped.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in the order a complaint lives; a folder may import only from folders before it.
const STAGES: &[&str] = &[
    "vocabulary",
    "intake",
    // Photos and documents (issue 13): the events of a case record them, so before it.
    "attachments",
    "case",
    "deadlines",
    "access",
    "queue",
    "analysis",
    // After-sales service (issue 12) sits beside the complaint's life: it uses the vocabulary
    // and the case's event ids, and the exchange carries its records.
    "aftersales",
    "exchange",
    // Live sync (issue 17) carries what the exchange reads and merges.
    "sync",
    "print",
    "synthetic",
];

/// The stage a top-level module of the domain belongs to: its own name (a folder, or
/// `synthetic.rs`).
fn stage_of(top: &str) -> &str {
    top
}

type Module = Vec<String>;

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `queue/summary.rs` → `[queue, summary]`, `queue/mod.rs` → `[queue]`, `mod.rs` → `[]`.
fn module_of(rel: &Path) -> Module {
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap();
    if file != "mod.rs" {
        parts.push(file.trim_end_matches(".rs").to_string());
    }
    parts
}

/// The code of a file without comments, string literals and the `#[cfg(test)]` tail.
fn code(src: &str) -> String {
    let src = src.split("#[cfg(test)]").next().unwrap_or("");
    let (b, mut out, mut i) = (src.as_bytes(), String::new(), 0);
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i + 1 < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // A char literal ('"', '\n'); lifetimes ('a) have no closing quote here.
            i += if b[i + 1] == b'\\' { 4 } else { 3 };
            out.push_str("' '");
        } else {
            let ch = src[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// A `use` tree with its `{…}` groups expanded: `super::{a::B, c}` → `super::a::B`, `super::c`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap().trim().to_string();
        return vec![path];
    };
    let close = tree.rfind('}').unwrap();
    let (prefix, inner) = (&tree[..open], &tree[open + 1..close]);
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (k, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| match p.trim() {
            "self" => vec![prefix.trim_end_matches("::").to_string()],
            p => expand(&format!("{prefix}{p}")),
        })
        .collect()
}

/// Every path a file names: its `use` declarations, and paths written in code
/// (`super::format::ymd(…)`, `crate::domain::queue::Summary`).
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    // `use` declarations, cut out of the code once read.
    let mut rest = String::new();
    let mut tail = code;
    while let Some(k) = tail.find("use ") {
        let starts_word = tail[..k]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        match tail[k..].find(';') {
            Some(end) if starts_word => {
                out.extend(expand(&tail[k + 4..k + end]));
                rest.push_str(&tail[..k]);
                tail = &tail[k + end + 1..];
            }
            _ => {
                rest.push_str(&tail[..k + 4]);
                tail = &tail[k + 4..];
            }
        }
    }
    rest.push_str(tail);
    // Paths written in code: `super::format::ymd(…)`, `crate::domain::queue::Summary`.
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    for start in ["super::", "crate::domain::", "self::"] {
        let mut at = 0;
        while let Some(k) = rest[at..].find(start) {
            let k = at + k;
            if rest[..k].chars().next_back().is_none_or(|c| !word(c)) {
                let end = rest[k..]
                    .find(|c: char| !word(c))
                    .map_or(rest.len(), |e| k + e);
                out.push(rest[k..end].trim_end_matches(':').to_string());
            }
            at = k + start.len();
        }
    }
    out
}

/// The domain module `path` (written in module `at`) leads into: the deepest one it names.
fn resolve(at: &Module, path: &str, modules: &BTreeSet<Module>) -> Option<Module> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let (mut base, mut i) = match segs.first()? {
        &"crate" if segs.get(1) == Some(&"domain") => (Vec::new(), 2),
        &"crate" => return None,
        &"super" => {
            let mut b = at.clone();
            let mut i = 0;
            while segs.get(i) == Some(&"super") {
                b.pop();
                i += 1;
            }
            (b, i)
        }
        &"self" => (at.clone(), 1),
        first => {
            let mut child = at.clone();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            } // std, chrono, serde, a local item
            (at.clone(), 0)
        }
    };
    while let Some(s) = segs.get(i) {
        let mut next = base.clone();
        next.push(s.to_string());
        if !modules.contains(&next) {
            break;
        }
        base = next;
        i += 1;
    }
    Some(base)
}

/// The groups of modules that import each other in a ring (strongly connected components
/// of more than one module), each sorted.
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    // Two passes of depth-first search (Kosaraju): finish order on the graph, then
    // components on the reversed graph in reverse finish order.
    fn order(
        n: &Module,
        g: &BTreeMap<Module, BTreeSet<Module>>,
        seen: &mut BTreeSet<Module>,
        out: &mut Vec<Module>,
    ) {
        if !seen.insert(n.clone()) {
            return;
        }
        for m in g.get(n).into_iter().flatten() {
            order(m, g, seen, out);
        }
        out.push(n.clone());
    }
    let nodes: BTreeSet<Module> = graph
        .iter()
        .flat_map(|(k, v)| std::iter::once(k.clone()).chain(v.iter().cloned()))
        .collect();
    let (mut seen, mut finished) = (BTreeSet::new(), Vec::new());
    for n in &nodes {
        order(n, graph, &mut seen, &mut finished);
    }
    let mut reversed: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (a, bs) in graph {
        for b in bs {
            reversed.entry(b.clone()).or_default().insert(a.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for n in finished.iter().rev() {
        let mut ring = Vec::new();
        order(n, &reversed, &mut seen, &mut ring);
        if ring.len() > 1 {
            ring.sort();
            out.push(ring);
        }
    }
    out
}

/// Every rule the layout breaks, one line each; empty when the layout is right.
fn layout_problems(root: &Path) -> BTreeSet<String> {
    let mut files = Vec::new();
    rs_files(root, &mut files);
    let modules: BTreeSet<Module> = files
        .iter()
        .map(|f| module_of(f.strip_prefix(root).unwrap()))
        .collect();
    let mut file_graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let mut problems = BTreeSet::new();
    for f in &files {
        let at = module_of(f.strip_prefix(root).unwrap());
        let is_facade = f.ends_with("mod.rs");
        for p in paths(&code(&std::fs::read_to_string(f).unwrap())) {
            let Some(to) = resolve(&at, &p, &modules) else {
                continue;
            };
            if to == at || (is_facade && to.starts_with(&at)) {
                continue;
            } // a facade re-exporting its own files
            if at.len() > 1 && to == at[..at.len() - 1] {
                problems.insert(format!(
                    "{}: `{p}` imports through its own folder's mod.rs; name the file",
                    at.join("::")
                ));
            }
            if to.is_empty() {
                problems.insert(format!("{}: `{p}` names no module", at.join("::")));
                continue;
            }
            file_graph.entry(at.clone()).or_default().insert(to.clone());
            let (a, b) = (stage_of(&at[0]), stage_of(&to[0]));
            if a != b {
                if to.len() > 1 {
                    problems.insert(format!(
                        "{}: `{p}` reaches into {b}'s files; use its mod.rs",
                        at.join("::")
                    ));
                }
                let rank = |s: &str| STAGES.iter().position(|x| *x == s);
                match (rank(a), rank(b)) {
                    (Some(x), Some(y)) if x > y => {}
                    (Some(_), Some(_)) => {
                        problems.insert(format!(
                            "{}: `{p}`: {a} may not import from the later stage {b}",
                            at.join("::")
                        ));
                    }
                    _ => {
                        problems.insert(format!(
                            "{}: `{p}`: {a} or {b} is not in STAGES",
                            at.join("::")
                        ));
                    }
                }
            }
        }
    }
    file_graph
        .values_mut()
        .for_each(|s| s.retain(|m| !m.is_empty()));
    for ring in cycles(&file_graph) {
        problems.insert(format!(
            "import cycle: {}",
            ring.iter()
                .map(|m| m.join("::"))
                .collect::<Vec<_>>()
                .join(" ↔ ")
        ));
    }
    // Every top-level module of the domain is a stage the order knows.
    for m in &modules {
        if m.len() == 1 && !STAGES.contains(&stage_of(&m[0])) {
            problems.insert(format!("{}: not in STAGES; put it in the order", m[0]));
        }
    }
    problems
}

#[test]
fn the_domain_has_no_import_cycle_and_its_stages_point_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let problems = layout_problems(&root);
    assert!(
        problems.is_empty(),
        "{}",
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn use_groups_spanning_lines_are_read() {
    let src = "use super::{\n    a::B, // B\n    c::{D, E as F},\n};\nfn f() { super::g::h(); }";
    let mut got = paths(&code(src));
    got.sort();
    assert_eq!(
        got,
        ["super::a::B", "super::c::D", "super::c::E", "super::g::h"]
    );
}
