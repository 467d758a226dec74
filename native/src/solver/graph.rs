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

    /// For each node of `out`, the set of nodes reachable from it (itself excluded), as bitsets.
    /// Each node's set is the union of its successors' sets and the successors themselves,
    /// computed once per node in depth-first post-order (the graph has no cycle: `find_cycle`
    /// found none).
    fn reachability(out: &[Vec<usize>]) -> Vec<Vec<u64>> {
        let n = out.len();
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
                if let Some(&to) = out[node].get(*k) {
                    *k += 1;
                    if !done[to] {
                        done[to] = true;
                        stack.push((to, 0));
                    }
                    continue;
                }
                stack.pop();
                let mut row = std::mem::take(&mut reach[node]);
                for &to in &out[node] {
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
    /// a node is placed once none of its dependencies is left. Nodes are numbered by their place in
    /// the list, so the next dependency to visit is the next bit set in a bitset.
    pub fn dependency_order(&self, preferred: &[Name]) -> Vec<Name> {
        let n = self.names.len();
        let mut in_pref = vec![false; n];
        // The list, as node indices; names that are not nodes are dropped up front (rez skips them).
        let mut list: Vec<usize> = Vec::with_capacity(n);
        for p in preferred {
            if let Some(&i) = self.index.get(p) {
                if !in_pref[i] {
                    in_pref[i] = true;
                    list.push(i);
                }
            }
        }
        let mut rest: Vec<usize> = (0..n).filter(|&i| !in_pref[i]).collect();
        rest.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        list.extend(rest);
        // The graph over list positions.
        let mut at_of = vec![0usize; n];
        for (at, &node) in list.iter().enumerate() {
            at_of[node] = at;
        }
        let out: Vec<Vec<usize>> = list
            .iter()
            .map(|&node| self.out[node].iter().map(|&to| at_of[to]).collect())
            .collect();
        let reach = Self::reachability(&out);
        let words = n.div_ceil(64);
        // Positions still to place.
        let mut left = vec![0u64; words];
        for at in 0..n {
            left[at / 64] |= 1u64 << (at % 64);
        }
        let next_dep = |deps: &[u64], left: &[u64], from: usize| -> Option<usize> {
            let mut w = from / 64;
            let mut mask = !0u64 << (from % 64);
            while w < words {
                let bits = deps[w] & left[w] & mask;
                if bits != 0 {
                    return Some(w * 64 + bits.trailing_zeros() as usize);
                }
                w += 1;
                mask = !0;
            }
            None
        };
        let mut placed = Vec::with_capacity(n);
        // (position, where its scan for dependencies resumes)
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for top in 0..n {
            if left[top / 64] & (1u64 << (top % 64)) == 0 {
                continue;
            }
            stack.push((top, 0));
            while let Some(&mut (at, ref mut from)) = stack.last_mut() {
                match next_dep(&reach[at], &left, *from) {
                    Some(dep) => {
                        *from = dep + 1;
                        stack.push((dep, 0));
                    }
                    None => {
                        left[at / 64] &= !(1u64 << (at % 64));
                        placed.push(self.names[list[at]].clone());
                        stack.pop();
                    }
                }
            }
        }
        placed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rez's `_get_dependency_order`, step by step (moves the head's first dependency to the front).
    fn rez_order(g: &Digraph, preferred: &[Name]) -> Vec<Name> {
        let n = g.names.len();
        let reach = Digraph::reachability(&g.out);
        let mut nodes: Vec<usize> = preferred
            .iter()
            .filter_map(|p| g.index.get(p).copied())
            .collect();
        let mut rest: Vec<usize> = (0..n).filter(|i| !nodes.contains(i)).collect();
        rest.sort_by(|&a, &b| g.names[a].cmp(&g.names[b]));
        nodes.extend(rest);
        let mut out: Vec<usize> = Vec::new();
        while !nodes.is_empty() {
            let head = nodes[0];
            if out.contains(&head) {
                nodes.remove(0);
                continue;
            }
            let deps = &reach[head];
            match nodes[1..]
                .iter()
                .position(|&x| deps[x / 64] & (1u64 << (x % 64)) != 0)
            {
                Some(i) => {
                    let moved = nodes.remove(i + 1);
                    nodes.insert(0, moved);
                }
                None => {
                    out.push(head);
                    nodes.remove(0);
                }
            }
        }
        out.into_iter().map(|i| g.names[i].clone()).collect()
    }

    #[test]
    fn dependency_order_is_rezs_on_random_acyclic_graphs() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for case in 0..300 {
            let n = 1 + rand(150) as usize;
            // Edges only from a higher to a lower node number (acyclic); names in another order.
            let names: Vec<Name> = (0..n)
                .map(|i| Name::new(&format!("fam_é{}_{i}_{case}", rand(1000))))
                .collect();
            let mut g = Digraph::new(names.iter().cloned());
            for _ in 0..rand((3 * n) as u64 + 1) {
                let (a, b) = (rand(n as u64) as usize, rand(n as u64) as usize);
                if a > b {
                    g.add_edge(&names[a], &names[b]);
                }
            }
            assert!(g.find_cycle().is_none());
            let mut preferred: Vec<Name> = vec![Name::new("not-a-node-🙂")];
            for _ in 0..rand(6) {
                let p = names[rand(n as u64) as usize].clone();
                if !preferred.contains(&p) {
                    preferred.push(p);
                }
            }
            assert_eq!(
                g.dependency_order(&preferred),
                rez_order(&g, &preferred),
                "case {case}"
            );
        }
    }
}
