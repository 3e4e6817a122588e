pub fn dot(_g: &rollcall_runtime::graph::RuleGraph) -> String {
    String::new()
}
