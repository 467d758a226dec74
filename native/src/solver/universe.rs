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
    /// The row of each opened family, by its name number.
    rows: Vec<Option<Rc<[u64]>>>,
    /// For each name number, the opened families (by name number) whose row has it: the inverse
    /// of the rows.
    mentioned_by: Vec<Vec<u32>>,
}

impl SolveFamilies {
    /// The number of `name` in this solve (numbers are given out in first-use order).
    pub fn name_id(&mut self, name: &Name) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(name.clone()).or_insert(next)
    }

    /// How many names are numbered so far.
    pub fn name_count(&self) -> usize {
        self.ids.len()
    }

    /// The row of the opened family numbered `id` (empty if it is not opened).
    pub fn row(&self, id: u32) -> &[u64] {
        match self.rows.get(id as usize) {
            Some(Some(row)) => row,
            _ => &[],
        }
    }

    /// The opened families (by name number) that may mention the name numbered `id`.
    pub fn mentioned_by(&self, id: u32) -> &[u32] {
        self.mentioned_by
            .get(id as usize)
            .map_or(&[], |v| v.as_slice())
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
            for &i in &ids {
                row[i / 64] |= 1u64 << (i % 64);
                if self.mentioned_by.len() <= i {
                    self.mentioned_by.resize_with(i + 1, Vec::new);
                }
                self.mentioned_by[i].push(id);
            }
            let row: Rc<[u64]> = row.into();
            if self.rows.len() <= id as usize {
                self.rows.resize(id as usize + 1, None);
            }
            self.rows[id as usize] = Some(row.clone());
            let state = FamilyState {
                id,
                row,
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
