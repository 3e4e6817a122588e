//! `rollcall lsp`: the binary spoken to in JSON-RPC with Content-Length
//! framing, as an editor would: open a shipped policy (no errors), type a
//! mistake (a unit mismatch at its line), then hover, go to definition,
//! complete, list symbols, format, and shut down. Every wait is bounded,
//! so a server that hangs fails the test instead of blocking it.

mod support;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long any one answer may take.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `rollcall lsp` and the messages it has sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Drop for Client {
    fn drop(&mut self) {
        // A test that failed midway leaves no server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rollcall"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start rollcall lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response's result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(&format!("the answer to {method}"), |m| m["id"] == id);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next message that `wanted` accepts, skipping others.
    fn wait_for(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {PATIENCE:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped before {what}"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let message = self.wait_for("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("a list of diagnostics")
            .clone()
    }
}

/// One message with Content-Length framing, or `None` at the end.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The 0-based line and UTF-16 column of the `nth` `needle` in `text`
/// (plus `ahead` characters).
fn position(text: &str, needle: &str, nth: usize, ahead: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).expect(needle).0 + ahead;
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let character = text[start..offset].encode_utf16().count();
    json!({"line": line, "character": character})
}

fn at(uri: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}

#[test]
fn an_editor_session_on_a_shipped_policy_and_a_broken_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = support::scratch("lsp-session");
    for name in ["national-2013", "national-2024", "norfolk"] {
        let file = format!("policies/{name}.policy");
        std::fs::copy(root.join(&file), dir.join(format!("{name}.policy"))).expect("copy");
    }
    let norfolk = std::fs::read_to_string(dir.join("norfolk.policy")).expect("norfolk");
    let national = std::fs::read_to_string(dir.join("national-2013.policy")).expect("national");
    let uri = format!("file://{}/norfolk.policy", dir.display());
    let national_uri = format!("file://{}/national-2013.policy", dir.display());

    let mut client = Client::start();
    let initialized = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let capabilities = &initialized["capabilities"];
    for capability in [
        "hoverProvider",
        "definitionProvider",
        "documentFormattingProvider",
        "documentSymbolProvider",
        "completionProvider",
    ] {
        assert!(
            !capabilities[capability].is_null(),
            "{capability} missing: {capabilities}"
        );
    }
    client.notify("initialized", json!({}));
    // A notification that cannot be read is logged, and the server goes on.
    client.notify("textDocument/didOpen", json!({"textDocument": 42}));

    // The shipped policy, with its parents beside it: no errors.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rollcall-policy", "version": 1, "text": norfolk}}),
    );
    let clean = client.diagnostics(&uri);
    assert!(
        clean.iter().all(|d| d["severity"] != 1),
        "errors in the shipped policy: {clean:?}"
    );

    // A unit mistake typed in: the compiler's error at its line.
    let broken = norfolk.replacen(">= 9 sessions", ">= 9%", 1);
    assert_ne!(broken, norfolk);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let errors = client.diagnostics(&uri);
    let mismatch = errors
        .iter()
        .find(|d| d["code"] == "rollcall::unit_mismatch")
        .unwrap_or_else(|| panic!("no unit mismatch in {errors:?}"));
    assert_eq!(mismatch["severity"], 1);
    assert_eq!(
        mismatch["range"]["start"]["line"],
        position(&broken, ">= 9%", 0, 0)["line"]
    );
    let message = mismatch["message"].as_str().expect("a message");
    assert!(
        message.contains("cannot compare sessions with a percentage"),
        "{message}"
    );
    assert!(message.contains("help: "), "{message}");
    assert!(
        !mismatch["relatedInformation"]
            .as_array()
            .expect("secondary labels")
            .is_empty(),
        "{mismatch}"
    );

    // Back to the shipped text, for the requests that follow.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": norfolk}]}),
    );
    assert!(client.diagnostics(&uri).iter().all(|d| d["severity"] != 1));

    // Hover: a register code's meaning, and a removed rule's parent docs.
    let code = client.request(
        "textDocument/hover",
        at(&uri, position(&norfolk, "{G}", 0, 1)),
    );
    let shown = code["contents"]["value"].as_str().expect("hover text");
    assert!(shown.starts_with("**G**: "), "{shown}");
    assert!(shown.contains("Category: unauthorised."), "{shown}");
    let removed = position(&norfolk, "fallback_threshold", 0, 3);
    let rule = client.request("textDocument/hover", at(&uri, removed.clone()));
    let shown = rule["contents"]["value"].as_str().expect("hover text");
    assert!(shown.contains("rule fallback_threshold"), "{shown}");
    assert!(shown.contains("Declared in `national-2013`"), "{shown}");

    let own = client.request(
        "textDocument/hover",
        at(&uri, position(&norfolk, "rule six_week_criteria", 0, 6)),
    );
    let shown = own["contents"]["value"].as_str().expect("hover text");
    assert!(
        shown.contains("At least 9 sessions (4.5 school days)"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "`six_week_criteria`: when sessions of unauthorised (G, N, O, U) within 6 school weeks"
        ),
        "{shown}"
    );

    // Definition: the removed rule in the parent, and the parent itself.
    let definition = client.request("textDocument/definition", at(&uri, removed));
    assert_eq!(definition["uri"], national_uri.as_str());
    assert_eq!(
        definition["range"]["start"],
        position(&national, "rule fallback_threshold", 0, 5)
    );
    let parent = client.request(
        "textDocument/definition",
        at(&uri, position(&norfolk, "extends national-2024", 0, 10)),
    );
    assert!(
        parent["uri"]
            .as_str()
            .expect("a uri")
            .ends_with("/national-2024.policy"),
        "{parent}"
    );

    // Completion: the document's and the parents' names, codes, keywords.
    let completion = client.request(
        "textDocument/completion",
        at(&uri, position(&norfolk, "then penalty_notice", 0, 5)),
    );
    let labels: Vec<&str> = completion
        .as_array()
        .expect("completion items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    for expected in [
        "six_week_criteria",
        "fallback_threshold",
        "penalty_notice",
        "C1",
        "within",
    ] {
        assert!(labels.contains(&expected), "{expected} not offered");
    }

    let inside = client.request(
        "textDocument/completion",
        at(&uri, position(&norfolk, "{G}", 0, 1)),
    );
    let labels: Vec<&str> = inside
        .as_array()
        .expect("completion items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"N") && labels.contains(&"C1"),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"within"),
        "keywords offered inside {{...}}"
    );

    // Symbols: the policy and its two versions.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|symbol| symbol["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "norfolk",
            "version from 2013-09-01 until 2024-08-18",
            "version from 2024-08-19"
        ]
    );

    // Formatting: a misaligned line comes back as the shipped layout, in
    // one whole-document edit; the shipped layout needs none.
    let formatting =
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}});
    assert_eq!(
        client.request("textDocument/formatting", formatting.clone()),
        json!([])
    );
    let misaligned = norfolk.replacen("    then penalty_notice", "then     penalty_notice", 1);
    assert_ne!(misaligned, norfolk);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": misaligned}]}),
    );
    assert!(client.diagnostics(&uri).iter().all(|d| d["severity"] != 1));
    let edits = client.request("textDocument/formatting", formatting);
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(edits[0]["newText"], norfolk.as_str());
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );

    // Midway through a line the file does not parse: a syntax error, and
    // definitions still found from the last text that parsed.
    let unfinished = norfolk.replacen("    then penalty_notice\n", "    then\n", 1);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": unfinished}]}),
    );
    let syntax = client.diagnostics(&uri);
    assert!(
        syntax.iter().any(|d| d["code"] == "rollcall::syntax"),
        "{syntax:?}"
    );
    let definition = client.request(
        "textDocument/definition",
        at(&uri, position(&unfinished, "fallback_threshold", 0, 3)),
    );
    assert_eq!(definition["uri"], national_uri.as_str());

    // Closing the document clears its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    // Shut down: an empty answer, then exit ends the process cleanly.
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = client.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}
