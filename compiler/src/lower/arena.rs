//! The node arena of one graph.

use rollcall_ir::graph::{Node, NodeId};
use std::collections::HashMap;

/// The node arena of one graph, with identical nodes shared.
#[derive(Default)]
pub(crate) struct Arena {
    pub nodes: Vec<Node>,
    index: HashMap<Node, NodeId>,
}

impl Arena {
    /// The id of `node`, adding it if new.
    pub fn intern(&mut self, node: Node) -> NodeId {
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        let id = NodeId(self.nodes.len() as u32);
        self.index.insert(node.clone(), id);
        self.nodes.push(node);
        id
    }
}
