//! `rollcall report` on the example data, read back the way an officer
//! sees it: every decision of `rollcall eval` has its evidence pack, every
//! link of the caseload resolves, and headless Chromium's DOM of each pack
//! highlights exactly the sessions of the decision's evidence. Screenshots
//! of one pack and of the charts are compared with those in `docs/`.
//!
//! Chromium must be installed (`.ci/run` installs it); with
//! `ROLLCALL_SKIP_BROWSER=1` the browser checks are skipped, saying so.
//! `ROLLCALL_BLESS=1` rewrites the screenshots in `docs/`.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{report, rollcall, scratch, stderr, stdout};

/// What identifies a decision: pupil, date, rule, parent, action.
type Key = (String, String, String, String, String);

/// A session of the register: date and `AM`/`PM`.
type SessionKey = (String, String);

/// Fraction of pixels (in thousandths) a screenshot may differ by.
const TOLERANCE_PER_MILLE: usize = 10;

#[test]
fn every_decision_has_a_pack_that_shows_its_evidence() {
    let out = scratch("report_browser");
    let report = report(&out, &[]);
    assert!(report.status.success(), "{}", stderr(&report));
    let eval = rollcall(&["eval", "--policies", "policies", "--data", "examples/data"])
        .output()
        .expect("runs");
    assert!(eval.status.success(), "{}", stderr(&eval));
    let decisions: Vec<Value> = stdout(&eval)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON decision"))
        .collect();
    assert!(!decisions.is_empty());

    // Every link of the caseload resolves; one pack per decision.
    let index = fs::read_to_string(out.join("index.html")).expect("index.html");
    let links = attribute_values(&index, "href");
    for link in &links {
        assert!(
            out.join(link).is_file(),
            "index.html links to missing {link}"
        );
    }
    let packs: BTreeSet<&String> = links.iter().filter(|l| l.starts_with("packs/")).collect();
    assert!(links.contains(&"charts.html".to_string()));
    assert_eq!(packs.len(), decisions.len(), "one pack per decision");
    let on_disk = fs::read_dir(out.join("packs")).expect("packs/").count();
    assert_eq!(on_disk, decisions.len());

    let Some(chromium) = browser() else { return };
    let mut expected: Vec<(Key, BTreeSet<SessionKey>)> = decisions.iter().map(evidence).collect();
    expected.sort();
    let mut shown = Vec::new();
    for pack in &packs {
        let dom = dump_dom(&chromium, &out.join(pack), &out);
        shown.push((pack_key(&dom), counted_cells(&dom)));
        assert!(
            dom.contains("Of compulsory school age on the decision date"),
            "{pack}"
        );
    }
    shown.sort();
    for ((key, sessions), (shown_key, shown_sessions)) in expected.iter().zip(&shown) {
        assert_eq!(key, shown_key, "a decision without its pack");
        assert_eq!(
            sessions,
            shown_sessions,
            "highlighted sessions of {key:?} (count {} against {})",
            shown_sessions.len(),
            sessions.len()
        );
    }
    assert_eq!(expected.len(), shown.len());
    assert!(
        shown.iter().any(|(_, sessions)| !sessions.is_empty()),
        "no pack highlights any session"
    );

    // The first penalty notice's pack, and the charts, as they print.
    let notice = packs
        .iter()
        .find(|pack| {
            fs::read_to_string(out.join(pack))
                .is_ok_and(|html| html.contains("data-action=\"penalty_notice\""))
        })
        .expect("a penalty notice's pack");
    compare_screenshot(&chromium, &out.join(notice), &out, "report-pack.png");
    compare_screenshot(
        &chromium,
        &out.join("charts.html"),
        &out,
        "report-charts.png",
    );
}

/// The browser, or `None` (said) when `ROLLCALL_SKIP_BROWSER=1`; fails
/// when it is missing otherwise.
fn browser() -> Option<String> {
    let found = Command::new("sh")
        .args(["-c", "command -v chromium"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| stdout(&output).trim().to_string());
    if std::env::var("ROLLCALL_SKIP_BROWSER").as_deref() == Ok("1") {
        println!("ROLLCALL_SKIP_BROWSER=1: the browser checks of the report are skipped");
        return None;
    }
    Some(
        found.expect(
            "chromium is not installed (.ci/run installs it; ROLLCALL_SKIP_BROWSER=1 skips)",
        ),
    )
}

/// Headless Chromium's flags, with a profile in `scratch`.
fn chromium(chromium: &str, scratch: &Path) -> Command {
    let mut command = Command::new("timeout");
    command.args([
        "120",
        chromium,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        &format!(
            "--user-data-dir={}",
            scratch.join("chromium-profile").display()
        ),
    ]);
    command
}

/// The DOM of `page` as Chromium builds it.
fn dump_dom(browser: &str, page: &Path, scratch: &Path) -> String {
    let output = chromium(browser, scratch)
        .arg("--dump-dom")
        .arg(url(page))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

fn url(page: &Path) -> String {
    format!("file://{}", page.display())
}

/// The decision's key and its evidence sessions, from `eval`'s JSON.
fn evidence(decision: &Value) -> (Key, BTreeSet<SessionKey>) {
    let field = |name: &str| decision[name].as_str().unwrap_or("").to_string();
    let key = (
        field("pupil"),
        field("date"),
        field("rule"),
        field("parent"),
        field("action"),
    );
    let sessions = decision["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| {
            Some((
                e["date"].as_str()?.to_string(),
                e["session"].as_str()?.to_string(),
            ))
        })
        .collect();
    (key, sessions)
}

/// The decision a pack's DOM is about, from its `body`'s data attributes.
fn pack_key(dom: &str) -> Key {
    let body = &dom[dom.find("<body").expect("a body")..];
    let body = &body[..body.find('>').expect("the body tag")];
    let field = |name: &str| attribute(body, name).unwrap_or_default();
    (
        field("data-pupil"),
        field("data-date"),
        field("data-rule"),
        field("data-parent"),
        field("data-action"),
    )
}

/// The register cells of class `counted`: their `data-date` and `data-session`.
fn counted_cells(dom: &str) -> BTreeSet<SessionKey> {
    dom.split("<td")
        .skip(1)
        .map(|cell| &cell[..cell.find('>').unwrap_or(cell.len())])
        .filter(|tag| attribute(tag, "class").is_some_and(|c| c.split(' ').any(|c| c == "counted")))
        .map(|tag| {
            let date = attribute(tag, "data-date").expect("a counted cell's data-date");
            let session = attribute(tag, "data-session").expect("its data-session");
            (date, session)
        })
        .collect()
}

/// The value of `name="…"` in a tag (HTML entities `&amp;` undone).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].replace("&amp;", "&"))
}

/// Every value of `name="…"` in a page, in order.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| attribute(&html[at..], name))
        .collect()
}

/// Takes an A4-proportioned screenshot of `page` and compares it with
/// `docs/NAME`; `ROLLCALL_BLESS=1` rewrites that instead.
fn compare_screenshot(browser: &str, page: &Path, scratch: &Path, name: &str) {
    let shot = scratch.join(name);
    let output = chromium(browser, scratch)
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1240,1754")
        .arg(url(page))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    if std::env::var("ROLLCALL_BLESS").as_deref() == Ok("1") {
        fs::copy(&shot, &checked_in).expect("bless the screenshot");
        return;
    }
    let new = decode(&shot);
    let old = decode(&checked_in);
    let differing = if (new.0, new.1) == (old.0, old.1) {
        new.2
            .chunks(4)
            .zip(old.2.chunks(4))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
            .count()
    } else {
        usize::MAX
    };
    let pixels = (new.0 * new.1) as usize;
    if differing > pixels / 1000 * TOLERANCE_PER_MILLE {
        let kept = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("new-{name}"));
        fs::copy(&shot, &kept).expect("keep the new screenshot");
        panic!(
            "the screenshot of {} differs from docs/{name} ({} pixels of {pixels}); the new one is {} \
             (ROLLCALL_BLESS=1 takes it)",
            page.display(),
            if differing == usize::MAX { "size differs".to_string() } else { differing.to_string() },
            kept.display()
        );
    }
}

/// Width, height and RGBA pixels of a PNG.
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("a PNG frame");
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}
