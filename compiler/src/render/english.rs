pub fn english(_g: &rollcall_runtime::graph::RuleGraph) -> String {
    String::new()
}
