//! Interned family names: equality and hashing by pointer, ordering by code point.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};

/// A family name. Every `Name` with the same text shares one allocation, so comparing and
/// hashing them costs a pointer; ordering is the text's code-point order, as in rez.
#[derive(Clone)]
pub struct Name(Arc<str>);

/// Interned text, hashed by content (only the interner table uses this).
#[derive(PartialEq, Eq, Hash)]
struct Text(Arc<str>);

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

fn table() -> &'static Mutex<HashSet<Text>> {
    static TABLE: OnceLock<Mutex<HashSet<Text>>> = OnceLock::new();
    TABLE.get_or_init(|| Mutex::new(HashSet::new()))
}

impl Name {
    /// The interned name for `s`.
    pub fn new(s: &str) -> Name {
        let mut t = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(Text(a)) = t.get(s) {
            return Name(a.clone());
        }
        let a: Arc<str> = s.into();
        t.insert(Text(a.clone()));
        Name(a)
    }

    /// The interned name for `s`, if any requirement or family ever used it.
    pub fn lookup(s: &str) -> Option<Name> {
        let t = table().lock().unwrap_or_else(|e| e.into_inner());
        t.get(s).map(|Text(a)| Name(a.clone()))
    }

    /// A number identifying this name (its address): sorting by it is fast, not alphabetical.
    pub fn id(&self) -> usize {
        Arc::as_ptr(&self.0) as *const u8 as usize
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(Arc::as_ptr(&self.0) as *const u8 as usize);
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        self.0.as_bytes().cmp(other.0.as_bytes())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_names_compare_by_pointer_and_sort_by_text() {
        let a = Name::new("maya");
        let b = Name::new(&String::from("maya"));
        assert_eq!(a, b);
        assert!(Name::new("Zed") < Name::new("_x") && Name::new("_x") < Name::new("abc"));
        assert_eq!(Name::lookup("maya"), Some(a));
        assert!(Name::lookup("never-interned-name-42").is_none());
    }
}
