//! The resolve graph of a solved phase: cycle detection and rez's dependency-first result order.

use crate::version::fxhash::FxBuildHasher;
use crate::version::Name;
use std::collections::HashMap;

/// A directed graph over family names, stored by node index.
pub struct Digraph {
    names: Vec<Name>,
    index: HashMap<Name, usize, FxBuildHasher>,
    out: Vec<Vec<usize>>,
}

impl Digraph {
    /// A graph with these nodes (in this order) and no edges.
    pub fn new(nodes: impl IntoIterator<Item = Name>) -> Digraph {
        let names: Vec<Name> = nodes.into_iter().collect();
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        let out = vec![Vec::new(); names.len()];
        Digraph { names, index, out }
    }

    /// Add an edge `from -> to` (both must be nodes; unknown ends are ignored).
    pub fn add_edge(&mut self, from: &Name, to: &Name) {
        if let (Some(&a), Some(&b)) = (self.index.get(from), self.index.get(to)) {
            if !self.out[a].contains(&b) {
                self.out[a].push(b);
            }
        }
    }

    /// Some cycle, as its nodes in order, or `None`. Deterministic: nodes and edges are
    /// visited in name order (rez's choice of members depends on hash order; only its
    /// existence is compared).
    pub fn find_cycle(&self) -> Option<Vec<Name>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let n = self.names.len();
        let mut by_name: Vec<usize> = (0..n).collect();
        by_name.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        let sorted_out: Vec<Vec<usize>> = self
            .out
            .iter()
            .map(|o| {
                let mut o = o.clone();
                o.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
                o
            })
            .collect();
        let mut mark = vec![Mark::New; n];
        for &start in &by_name {
            if mark[start] != Mark::New {
                continue;
            }
            let mut path = vec![start];
            let mut next_edge = vec![0usize];
            mark[start] = Mark::Open;
            while let Some(&node) = path.last() {
                let k = next_edge.last_mut().expect("parallel stacks");
                if let Some(&to) = sorted_out[node].get(*k) {
                    *k += 1;
                    match mark[to] {
                        Mark::New => {
                            mark[to] = Mark::Open;
                            path.push(to);
                            next_edge.push(0);
                        }
                        Mark::Open => {
                            let pos = path.iter().position(|&p| p == to).unwrap_or(0);
                            return Some(
                                path[pos..].iter().map(|&i| self.names[i].clone()).collect(),
                            );
                        }
                        Mark::Done => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    path.pop();
                    next_edge.pop();
                }
            }
        }
        None
    }

    /// For each node, the set of nodes reachable from it (itself excluded), as bitsets. Each node's
    /// set is the union of its successors' sets and the successors themselves, computed once per
    /// node in depth-first post-order (the graph has no cycle: `find_cycle` found none).
    fn reachability(&self) -> Vec<Vec<u64>> {
        let n = self.names.len();
        let words = n.div_ceil(64);
        let mut reach = vec![vec![0u64; words]; n];
        let mut done = vec![false; n];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if done[root] {
                continue;
            }
            done[root] = true;
            stack.push((root, 0));
            while let Some(&mut (node, ref mut k)) = stack.last_mut() {
                if let Some(&to) = self.out[node].get(*k) {
                    *k += 1;
                    if !done[to] {
                        done[to] = true;
                        stack.push((to, 0));
                    }
                    continue;
                }
                stack.pop();
                let mut row = std::mem::take(&mut reach[node]);
                for &to in &self.out[node] {
                    row[to / 64] |= 1u64 << (to % 64);
                    for (w, r) in row.iter_mut().zip(&reach[to]) {
                        *w |= r;
                    }
                }
                row[node / 64] &= !(1u64 << (node % 64));
                reach[node] = row;
            }
        }
        reach
    }

    /// rez's `_get_dependency_order`: `preferred` order, then the other nodes by name,
    /// with every node's dependencies moved before it.
    ///
    /// rez repeatedly moves the first dependency of the head node (in the current list order) to
    /// the front. Without cycles that is a depth-first walk: a node's dependencies are visited in
    /// list order (the nodes still to place keep their relative order), each placed before it, and
    /// a node is placed once none of its dependencies is left. So each node scans the list once.
    pub fn dependency_order(&self, preferred: &[Name]) -> Vec<Name> {
        let reach = self.reachability();
        let n = self.names.len();
        let mut in_pref = vec![false; n];
        // Work list of node indices; names that are not nodes are dropped up front (rez skips them).
        let mut nodes: Vec<usize> = Vec::with_capacity(n);
        for p in preferred {
            if let Some(&i) = self.index.get(p) {
                if !in_pref[i] {
                    in_pref[i] = true;
                    nodes.push(i);
                }
            }
        }
        let mut rest: Vec<usize> = (0..n).filter(|&i| !in_pref[i]).collect();
        rest.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        nodes.extend(rest);
        let mut placed = vec![false; n];
        let mut out = Vec::with_capacity(n);
        // (node, position in `nodes` where its scan for dependencies resumes)
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for &top in &nodes {
            if placed[top] {
                continue;
            }
            stack.push((top, 0));
            while let Some(&mut (node, ref mut at)) = stack.last_mut() {
                let deps = &reach[node];
                let next = nodes[*at..]
                    .iter()
                    .position(|&x| !placed[x] && deps[x / 64] & (1u64 << (x % 64)) != 0);
                match next {
                    Some(i) => {
                        let dep = nodes[*at + i];
                        *at += i + 1;
                        stack.push((dep, 0));
                    }
                    None => {
                        placed[node] = true;
                        out.push(self.names[node].clone());
                        stack.pop();
                    }
                }
            }
        }
        out
    }
}
