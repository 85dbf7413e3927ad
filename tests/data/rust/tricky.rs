//! Inputs that trip token-based counters: every function here is hand-checked.

/// Raw strings holding HTML with quotes, braces and keywords: no decisions.
pub fn page() -> &'static str {
    r#"<div class="x" onclick="if (a && b) { go() } else { stay() }">{"json": "}"}</div>"#
}

/// A char literal next to lifetimes: one `if`, one `&&`.
pub fn first<'a>(s: &'a str, c: char) -> Option<&'a str> {
    if s.starts_with('{') && c != '\'' {
        return Some(&s[1..]);
    }
    None
}

/// A raw string ending in a backslash (no escapes in raw strings): one `if`. Token-based
/// counters read `\"` as an escaped quote and swallow the functions that follow.
pub fn windows_path(x: bool) -> &'static str {
    let s = r"C:\path\";
    if x { s } else { "" }
}

/// A `'"'` char literal after a lifetime: one `&&`.
pub fn quoted<'a>(x: &'a str) -> bool {
    x.contains('"') && x.len() > 1
}

/// `select!` with three branches: two decisions. Code inside macro token trees (the `if` in
/// the first branch) is not parsed, so it is not counted.
pub async fn pump(mut a: Rx, mut b: Rx) {
    tokio::select! {
        Some(x) = a.recv() => { if x > 1 { drop(x) } }
        Some(y) = b.recv() => drop(y),
        else => return,
    }
}

/// `json!` and `vec!` bodies are data, not control flow.
pub fn body(ok: bool) -> Value {
    let v = json!({"if": "else", "while": [1, 2], "a": ok || !ok});
    let w = vec![1, 2, 3];
    if ok { v } else { json!(w) }
}

macro_rules! twice {
    ($e:expr) => {
        if $e { 2 } else { 1 }
    };
}

/// A trait: the declaration without a body is not a function; the default method is.
pub trait Repo {
    fn get(&self, id: u64) -> Option<u64>;
    fn exists(&self, id: u64) -> bool {
        match self.get(id) {
            Some(_) => true,
            None => false,
        }
    }
}

#[derive(Debug)]
pub struct Memory;

#[async_trait::async_trait]
impl Repo for Memory {
    #[inline]
    fn get(&self, id: u64) -> Option<u64> {
        if id == 0 || id > 10 { None } else { Some(id) }
    }
}

impl Memory {
    pub fn new() -> Self {
        fn helper(x: u8) -> u8 {
            while x > 0 { return x; }
            0
        }
        let _ = |y: u8| if y > 1 { helper(y) } else { 0 };
        Memory
    }
}
