//! Per-solve family state: dense name numbers, universe bitsets and the shared variant lists.

use super::package::Family;
use super::slice::VariantList;
use crate::version::fxhash::FxBuildHasher;
use crate::version::Name;
use std::collections::HashMap;
use std::rc::Rc;

/// What one solve keeps about a family it has opened.
#[derive(Debug)]
pub struct FamilyState {
    /// The family name's number in this solve.
    pub id: u32,
    /// Bit `n` is set when some variant of the family mentions the name numbered `n`.
    pub row: Rc<[u64]>,
    /// rez's `_PackageVariantList` entries: one shared variant list per package, made on first use.
    pub lists: Vec<Option<VariantList>>,
}

/// The family states of one solve, and the numbering of every name they mention.
#[derive(Debug, Default)]
pub struct SolveFamilies {
    ids: HashMap<Name, u32, FxBuildHasher>,
    states: HashMap<Name, FamilyState, FxBuildHasher>,
}

impl SolveFamilies {
    /// The number of `name` in this solve (numbers are given out in first-use order).
    pub fn name_id(&mut self, name: &Name) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(name.clone()).or_insert(next)
    }

    /// The state of `fam`, made on first use.
    pub fn state(&mut self, fam: &Family) -> &mut FamilyState {
        if !self.states.contains_key(&fam.name) {
            let id = self.name_id(&fam.name);
            let ids: Vec<usize> = fam
                .universe()
                .iter()
                .map(|n| self.name_id(n) as usize)
                .collect();
            let words = ids.iter().max().map_or(0, |m| m / 64 + 1);
            let mut row = vec![0u64; words];
            for i in ids {
                row[i / 64] |= 1u64 << (i % 64);
            }
            let state = FamilyState {
                id,
                row: row.into(),
                lists: vec![None; fam.packages.len()],
            };
            self.states.insert(fam.name.clone(), state);
        }
        self.states.get_mut(&fam.name).expect("just inserted")
    }
}

/// True if the family whose row this is may mention the name numbered `id`.
pub fn may_mention(row: &[u64], id: u32) -> bool {
    let i = id as usize;
    row.get(i / 64).is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}
