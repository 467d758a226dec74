//! The resolve graph of a solved phase: cycle detection and rez's dependency-first result order.

use std::collections::{BTreeMap, BTreeSet};

/// A directed graph over family names.
pub struct Digraph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Digraph {
    /// A graph with these nodes and no edges.
    pub fn new(nodes: impl IntoIterator<Item = String>) -> Digraph {
        Digraph { edges: nodes.into_iter().map(|n| (n, BTreeSet::new())).collect() }
    }

    /// Add an edge `from -> to` (both must be nodes; unknown ends are ignored).
    pub fn add_edge(&mut self, from: &str, to: &str) {
        if self.edges.contains_key(to) {
            if let Some(out) = self.edges.get_mut(from) {
                out.insert(to.to_string());
            }
        }
    }

    /// Some cycle, as its nodes in order, or `None` (deterministic: nodes visited in name order).
    pub fn find_cycle(&self) -> Option<Vec<String>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark: BTreeMap<&str, Mark> = self.edges.keys().map(|k| (k.as_str(), Mark::New)).collect();
        for start in self.edges.keys() {
            if mark[start.as_str()] != Mark::New {
                continue;
            }
            // Iterative DFS keeping the current path.
            let mut path: Vec<&str> = vec![start];
            let mut iters: Vec<std::collections::btree_set::Iter<String>> = vec![self.edges[start].iter()];
            mark.insert(start, Mark::Open);
            while let Some(it) = iters.last_mut() {
                match it.next() {
                    Some(next) => match mark[next.as_str()] {
                        Mark::New => {
                            mark.insert(next, Mark::Open);
                            path.push(next);
                            iters.push(self.edges[next].iter());
                        }
                        Mark::Open => {
                            let pos = path.iter().position(|p| *p == next).unwrap_or(0);
                            return Some(path[pos..].iter().map(|s| s.to_string()).collect());
                        }
                        Mark::Done => {}
                    },
                    None => {
                        iters.pop();
                        if let Some(done) = path.pop() {
                            mark.insert(done, Mark::Done);
                        }
                    }
                }
            }
        }
        None
    }

    /// Nodes reachable from `n`, excluding `n` itself.
    fn reachable(&self, n: &str) -> BTreeSet<&str> {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = vec![n];
        while let Some(x) = stack.pop() {
            for y in &self.edges[x] {
                if seen.insert(y.as_str()) {
                    stack.push(y);
                }
            }
        }
        seen.remove(n);
        seen
    }

    /// rez's `_get_dependency_order`: `preferred` order, then the other nodes by name,
    /// with every node's dependencies moved before it.
    pub fn dependency_order(&self, preferred: &[String]) -> Vec<String> {
        let deps: BTreeMap<&str, BTreeSet<&str>> = self.edges.keys().map(|k| (k.as_str(), self.reachable(k))).collect();
        let pref: BTreeSet<&str> = preferred.iter().map(|s| s.as_str()).collect();
        let mut nodes: Vec<&str> = preferred.iter().map(|s| s.as_str()).collect();
        nodes.extend(self.edges.keys().map(|k| k.as_str()).filter(|k| !pref.contains(k)));
        let mut out: Vec<String> = Vec::new();
        let mut done: BTreeSet<&str> = BTreeSet::new();
        while !nodes.is_empty() {
            let head = nodes[0];
            let Some(head_deps) = deps.get(head) else {
                nodes.remove(0);
                continue;
            };
            if done.contains(head) {
                nodes.remove(0);
                continue;
            }
            match nodes[1..].iter().position(|n| head_deps.contains(n)) {
                Some(i) => {
                    let moved = nodes.remove(i + 1);
                    nodes.insert(0, moved);
                }
                None => {
                    done.insert(head);
                    out.push(head.to_string());
                    nodes.remove(0);
                }
            }
        }
        out
    }
}
