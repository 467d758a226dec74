//! rez's reduction work list of one pass: the pairs `(reducee, reducer)` in rez's order, without
//! the pairs that cannot change anything, found with bitsets over scope positions.
//!
//! rez reduces scope x by scope y's request for every pair on its list; when x's variants never
//! mention y's family the reduction is a no-op, except that it computes x's family info (and so
//! sorts its first entry). Those pairs are skipped here unless x's info is not computed yet
//! ("fresh"). What is skipped is decided when the pair is reached, with the flags of that moment,
//! so the pairs handed out are exactly rez's non-trivial ones, in rez's order.

use super::universe::{may_mention, SolveFamilies};

/// A set of scope positions.
#[derive(Clone, Debug, Default)]
pub struct PosSet(Vec<u64>);

impl PosSet {
    /// An empty set for positions below `n`.
    pub fn new(n: usize) -> PosSet {
        PosSet(vec![0; n.div_ceil(64)])
    }

    pub fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1u64 << (i % 64);
    }

    pub fn remove(&mut self, i: usize) {
        self.0[i / 64] &= !(1u64 << (i % 64));
    }

    pub fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1u64 << (i % 64)) != 0
    }

    fn union_with(&mut self, other: &PosSet) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// The highest position below `end` whose bit is set in `word(w)` (the set's word `w`).
fn highest_below(end: usize, word: impl Fn(usize) -> u64) -> Option<usize> {
    if end == 0 {
        return None;
    }
    let last = end - 1;
    let mut w = last / 64;
    let mut mask = if last % 64 == 63 {
        !0u64
    } else {
        (1u64 << (last % 64 + 1)) - 1
    };
    loop {
        let bits = word(w) & mask;
        if bits != 0 {
            return Some(w * 64 + 63 - bits.leading_zeros() as usize);
        }
        if w == 0 {
            return None;
        }
        w -= 1;
        mask = !0;
    }
}

/// Which reducers the current reducee of the initial pairs takes.
#[derive(Clone, Copy, Debug)]
enum Stage {
    /// Looking for the next reducee below `x`.
    NextReducee,
    /// Every scope below `y` (an added or widened reducee).
    All,
    /// The changed and added scopes `partial[..y]`.
    Partial,
}

/// One source of pairs, in rez's order.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// rez's initial pair set, processed from the end: reducees descending from below `x`, each
    /// with its reducers descending from below `y`.
    Initial { x: usize, y: usize, stage: Stage },
    /// Every scope reduced by `by` (pushed when `by` changed): reducees below `x`, descending.
    Reducer { by: usize, x: usize },
}

/// What a reduction pass knows about its scopes.
pub struct ScopeFacts<'a> {
    /// Name numbers of the scopes, by position.
    pub ids: &'a [u32],
    /// Scope positions by name number (+1; 0 for none).
    pub scope_of: &'a [u32],
    /// The solve's family rows and their inverse.
    pub families: &'a SolveFamilies,
    /// Variant scopes (the only ones a reduction can narrow).
    pub reducible: PosSet,
    /// Scopes whose request has a range (the only ones that can narrow another).
    pub useful: PosSet,
    /// Variant scopes whose family info is not computed yet.
    pub fresh: PosSet,
}

/// rez's reduction work list with the pairs that cannot change anything left out.
pub struct Pairs<'a> {
    facts: ScopeFacts<'a>,
    num: usize,
    frames: Vec<Frame>,
    /// Reducees that take every scope as reducer: the added and the widened ones.
    all_reducers: PosSet,
    /// The changed and added scopes, ascending: reducers of the other reducees.
    partial: Vec<usize>,
    /// Reducees whose family mentions a useful scope of `partial`.
    mention_partial: PosSet,
    /// Cache: for a reducer position, the variant scopes whose family may mention its name.
    mentioners: Vec<(usize, PosSet)>,
    /// Cache: for a reducee position, the useful scopes whose name its family may mention.
    mentioned: Vec<(usize, PosSet)>,
}

impl<'a> Pairs<'a> {
    /// rez's pair set for `num` scopes of which `prev_num` existed before the extractions:
    /// existing scopes by the changed and added ones, added and `widened` scopes by every scope.
    pub fn new(
        facts: ScopeFacts<'a>,
        num: usize,
        prev_num: usize,
        changed: impl Iterator<Item = usize>,
        widened: impl Iterator<Item = usize>,
    ) -> Pairs<'a> {
        let mut partial: Vec<usize> = changed.filter(|&y| y < prev_num).collect();
        partial.extend(prev_num..num);
        let mut all_reducers = PosSet::new(num);
        for x in (prev_num..num).chain(widened) {
            all_reducers.insert(x);
        }
        let mut pairs = Pairs {
            facts,
            num,
            frames: vec![Frame::Initial {
                x: num,
                y: 0,
                stage: Stage::NextReducee,
            }],
            all_reducers,
            partial,
            mention_partial: PosSet::new(num),
            mentioners: Vec::new(),
            mentioned: Vec::new(),
        };
        let mut mention_partial = PosSet::new(num);
        for k in 0..pairs.partial.len() {
            let y = pairs.partial[k];
            if pairs.facts.useful.contains(y) {
                let at = pairs.mentioners_of(y);
                mention_partial.union_with(&pairs.mentioners[at].1);
            }
        }
        pairs.mention_partial = mention_partial;
        pairs
    }

    /// The variant scopes whose family may mention the name of scope `y` (cached; its index).
    fn mentioners_of(&mut self, y: usize) -> usize {
        if let Some(at) = self.mentioners.iter().position(|(p, _)| *p == y) {
            return at;
        }
        let facts = &self.facts;
        let mut set = PosSet::new(self.num);
        for &fam in facts.families.mentioned_by(facts.ids[y]) {
            if let Some(&pos) = facts.scope_of.get(fam as usize) {
                let pos = pos as usize;
                if pos != 0 && pos <= self.num && facts.reducible.contains(pos - 1) {
                    set.insert(pos - 1);
                }
            }
        }
        self.mentioners.push((y, set));
        self.mentioners.len() - 1
    }

    /// The useful scopes whose name the family of scope `x` may mention (cached; its index).
    fn mentioned_by_reducee(&mut self, x: usize) -> usize {
        if let Some(at) = self.mentioned.iter().position(|(p, _)| *p == x) {
            return at;
        }
        let facts = &self.facts;
        let mut set = PosSet::new(self.num);
        let row = facts.families.row(facts.ids[x]);
        for (w, &bits) in row.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let name = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(&pos) = facts.scope_of.get(name) {
                    let pos = pos as usize;
                    if pos != 0 && pos <= self.num && facts.useful.contains(pos - 1) {
                        set.insert(pos - 1);
                    }
                }
            }
        }
        self.mentioned.push((x, set));
        self.mentioned.len() - 1
    }

    /// True if the family of scope `x` may mention the name of scope `y`.
    fn mentions(&self, x: usize, y: usize) -> bool {
        may_mention(
            self.facts.families.row(self.facts.ids[x]),
            self.facts.ids[y],
        )
    }

    /// True if reducing `x` by `y` can do something rez would do.
    pub fn needed(&self, x: usize, y: usize) -> bool {
        x != y
            && self.facts.reducible.contains(x)
            && self.facts.useful.contains(y)
            && (self.facts.fresh.contains(x) || self.mentions(x, y))
    }

    /// Record whether scope `x` has its family info (after a reduction of `x`).
    pub fn set_fresh(&mut self, x: usize, fresh: bool) {
        if fresh {
            self.facts.fresh.insert(x);
        } else {
            self.facts.fresh.remove(x);
        }
    }

    /// Scope `x` was narrowed: every other scope must be reduced by it again (rez appends those
    /// pairs to its list, so they come next).
    pub fn narrowed(&mut self, x: usize) {
        self.facts.fresh.insert(x);
        if self.facts.useful.contains(x) {
            self.frames.push(Frame::Reducer { by: x, x: self.num });
        }
    }

    /// The next pair rez would reduce that is not a no-op.
    pub fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            let frame = *self.frames.last()?;
            let (found, frame) = match frame {
                Frame::Reducer { by, x } => {
                    let at = self.mentioners_of(by);
                    let (m, facts) = (&self.mentioners[at].1, &self.facts);
                    let skip_by = |w: usize| {
                        if by / 64 == w {
                            !(1u64 << (by % 64))
                        } else {
                            !0
                        }
                    };
                    let j = highest_below(x, |w| {
                        (m.0[w] | facts.fresh.0[w]) & facts.reducible.0[w] & skip_by(w)
                    });
                    match j {
                        Some(j) => (Some((j, by)), Frame::Reducer { by, x: j }),
                        None => (None, frame),
                    }
                }
                Frame::Initial { x, y, stage } => self.next_initial(x, y, stage),
            };
            match found {
                Some(pair) => {
                    *self.frames.last_mut().expect("a frame") = frame;
                    return Some(pair);
                }
                None if matches!(frame, Frame::Initial { .. }) && !self.initial_done(frame) => {
                    *self.frames.last_mut().expect("a frame") = frame;
                }
                None => {
                    self.frames.pop();
                }
            }
        }
    }

    /// True once the initial frame has no reducee left.
    fn initial_done(&self, frame: Frame) -> bool {
        matches!(
            frame,
            Frame::Initial {
                x: 0,
                stage: Stage::NextReducee,
                ..
            }
        )
    }

    /// One step of the initial frame: a pair, or the frame's next state (no pair yet).
    fn next_initial(
        &mut self,
        x: usize,
        y: usize,
        stage: Stage,
    ) -> (Option<(usize, usize)>, Frame) {
        match stage {
            Stage::NextReducee => {
                let facts = &self.facts;
                let (ar, mp) = (&self.all_reducers, &self.mention_partial);
                let next = highest_below(x, |w| {
                    (ar.0[w] | mp.0[w] | facts.fresh.0[w]) & facts.reducible.0[w]
                });
                let frame = match next {
                    None => Frame::Initial {
                        x: 0,
                        y: 0,
                        stage: Stage::NextReducee,
                    },
                    Some(x) if self.all_reducers.contains(x) => Frame::Initial {
                        x,
                        y: self.num,
                        stage: Stage::All,
                    },
                    Some(x) => Frame::Initial {
                        x,
                        y: self.partial.len(),
                        stage: Stage::Partial,
                    },
                };
                (None, frame)
            }
            Stage::All => {
                let skip_x = |w: usize| {
                    if x / 64 == w {
                        !(1u64 << (x % 64))
                    } else {
                        !0
                    }
                };
                let found = if self.facts.fresh.contains(x) {
                    let useful = &self.facts.useful;
                    highest_below(y, |w| useful.0[w] & skip_x(w))
                } else {
                    let at = self.mentioned_by_reducee(x);
                    let m = &self.mentioned[at].1;
                    highest_below(y, |w| m.0[w] & skip_x(w))
                };
                match found {
                    Some(r) => (
                        Some((x, r)),
                        Frame::Initial {
                            x,
                            y: r,
                            stage: Stage::All,
                        },
                    ),
                    None => (
                        None,
                        Frame::Initial {
                            x,
                            y: 0,
                            stage: Stage::NextReducee,
                        },
                    ),
                }
            }
            Stage::Partial => {
                let mut y = y;
                while y > 0 {
                    y -= 1;
                    let r = self.partial[y];
                    if self.needed(x, r) {
                        return (
                            Some((x, r)),
                            Frame::Initial {
                                x,
                                y,
                                stage: Stage::Partial,
                            },
                        );
                    }
                }
                (
                    None,
                    Frame::Initial {
                        x,
                        y: 0,
                        stage: Stage::NextReducee,
                    },
                )
            }
        }
    }
}
