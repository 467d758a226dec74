//! The resolve graph of a solved phase: cycle detection and rez's dependency-first result order.

use crate::version::Name;
use std::collections::HashMap;

/// A directed graph over family names, stored by node index.
pub struct Digraph {
    names: Vec<Name>,
    index: HashMap<Name, usize>,
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

    /// For each node, the set of nodes reachable from it (itself excluded), as bitsets.
    fn reachability(&self) -> Vec<Vec<u64>> {
        let n = self.names.len();
        let words = n.div_ceil(64);
        let mut reach = vec![vec![0u64; words]; n];
        for (start, row) in reach.iter_mut().enumerate() {
            let mut stack: Vec<usize> = self.out[start].clone();
            while let Some(x) = stack.pop() {
                let (w, b) = (x / 64, 1u64 << (x % 64));
                if row[w] & b == 0 {
                    row[w] |= b;
                    stack.extend(self.out[x].iter().copied());
                }
            }
            row[start / 64] &= !(1u64 << (start % 64));
        }
        reach
    }

    /// rez's `_get_dependency_order`: `preferred` order, then the other nodes by name,
    /// with every node's dependencies moved before it.
    pub fn dependency_order(&self, preferred: &[Name]) -> Vec<Name> {
        let reach = self.reachability();
        let in_pref: std::collections::HashSet<&Name> = preferred.iter().collect();
        // Work list of node indices; names that are not nodes are dropped up front (rez skips them).
        let mut nodes: Vec<usize> = preferred
            .iter()
            .filter_map(|p| self.index.get(p).copied())
            .collect();
        let mut rest: Vec<usize> = (0..self.names.len())
            .filter(|&i| !in_pref.contains(&self.names[i]))
            .collect();
        rest.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        nodes.extend(rest);
        let mut done = vec![false; self.names.len()];
        let mut out = Vec::with_capacity(self.names.len());
        let mut head_pos = 0;
        while head_pos < nodes.len() {
            let head = nodes[head_pos];
            if done[head] {
                head_pos += 1;
                continue;
            }
            let deps = &reach[head];
            let found = nodes[head_pos + 1..]
                .iter()
                .position(|&x| deps[x / 64] & (1u64 << (x % 64)) != 0);
            match found {
                Some(i) => {
                    let moved = nodes.remove(head_pos + 1 + i);
                    nodes.insert(head_pos, moved);
                }
                None => {
                    done[head] = true;
                    out.push(self.names[head].clone());
                    head_pos += 1;
                }
            }
        }
        out
    }
}
