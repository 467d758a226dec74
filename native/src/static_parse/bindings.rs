//! The table of top-level bindings: the last binding wins, aliases share a group, taints replace literals.

use super::package::{Computed, Field, FieldValue};
use super::span::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// FNV-1a: field names are short, and the table is rebuilt for every file.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// What a top-level function body refers to, used when the function is called at top level.
#[derive(Debug, Default)]
pub(crate) struct FnInfo {
    pub name: String,
    /// Distinct bare names used in the body, with the span of their first use and whether
    /// some use may change the value (not only read it; see `Analyzer::reads_only`).
    pub names: Vec<(String, Span, bool)>,
    /// Names the body declares `global`.
    pub globals: Vec<String>,
    /// Attributes read from rez's `this` object (`this.requires`), with their spans and
    /// whether some use may change the value.
    pub this_attrs: Vec<(String, Span, bool)>,
}

pub(crate) struct Slot {
    pub field: Field,
    /// Bindings made by one chained assignment of a mutable literal share a group:
    /// modifying one modifies them all.
    group: u32,
    pub function: Option<Rc<FnInfo>>,
}

#[derive(Default)]
pub(crate) struct Bindings {
    slots: Vec<Option<Slot>>,
    index: FnvMap<String, usize>,
    /// Members of groups with more than one member (rare: `a = b = []`).
    shared_groups: HashMap<u32, Vec<usize>>,
    last_group: u32,
    next_group: u32,
    /// Slots that may still hold literals (drained by `taint_all`).
    literal_slots: Vec<usize>,
    /// Incremented on every change, so callers can skip repeated work.
    version: u64,
    overridden: Vec<Field>,
}

impl Bindings {
    pub(crate) fn new_group(&mut self) -> u32 {
        self.next_group += 1;
        self.next_group
    }

    pub(crate) fn bind(&mut self, field: Field, group: u32, function: Option<Rc<FnInfo>>) {
        if let Some(&old) = self.index.get(&field.name) {
            if let Some(slot) = self.slots.get_mut(old).and_then(Option::take) {
                self.overridden.push(slot.field);
            }
        }
        let idx = self.slots.len();
        if group == self.last_group && idx > 0 {
            self.shared_groups
                .entry(group)
                .or_insert_with(|| vec![idx - 1])
                .push(idx);
        }
        self.last_group = group;
        if field.literal().is_some() {
            self.literal_slots.push(idx);
        }
        self.version += 1;
        self.index.insert(field.name.clone(), idx);
        self.slots.push(Some(Slot {
            field,
            group,
            function,
        }));
    }

    /// Binds `field` in a group of its own.
    pub(crate) fn bind_alone(&mut self, field: Field, function: Option<Rc<FnInfo>>) {
        let group = self.new_group();
        self.bind(field, group, function);
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<(usize, &Slot)> {
        let idx = *self.index.get(name)?;
        Some((idx, self.slots.get(idx)?.as_ref()?))
    }

    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    pub(crate) fn lookup_index(&self, idx: usize) -> Option<&Slot> {
        self.slots.get(idx)?.as_ref()
    }

    pub(crate) fn is_bound(&self, name: &str) -> bool {
        self.lookup(name).is_some()
    }

    /// Replaces the literal value of slot `idx` (and of its aliases) by `computed`.
    pub(crate) fn taint(&mut self, idx: usize, computed: &Computed) {
        let Some(group) = self
            .slots
            .get(idx)
            .and_then(Option::as_ref)
            .map(|s| s.group)
        else {
            return;
        };
        match self.shared_groups.get(&group).cloned() {
            Some(members) => members
                .into_iter()
                .for_each(|m| self.taint_one(m, computed)),
            None => self.taint_one(idx, computed),
        }
    }

    fn taint_one(&mut self, idx: usize, computed: &Computed) {
        let Some(slot) = self.slots.get_mut(idx).and_then(Option::as_mut) else {
            return;
        };
        if let FieldValue::Literal(_) = slot.field.value {
            let old = std::mem::replace(
                &mut slot.field.value,
                FieldValue::Computed(computed.clone()),
            );
            self.overridden.push(Field {
                name: slot.field.name.clone(),
                name_span: slot.field.name_span,
                value: old,
            });
        }
    }

    /// Taints every literal binding (used when code may change any variable).
    pub(crate) fn taint_all(&mut self, computed: &Computed) {
        for idx in std::mem::take(&mut self.literal_slots) {
            self.taint_one(idx, computed);
        }
    }

    /// The final bindings in binding order, and the replaced ones.
    pub(crate) fn finish(self) -> (Vec<Field>, Vec<Field>) {
        let fields = self.slots.into_iter().flatten().map(|s| s.field).collect();
        (fields, self.overridden)
    }
}
