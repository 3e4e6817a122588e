//! What an interrupt handler removes (its own process: the registry of
//! unfinished files is global).

mod read_support;

use read_support::names as listing;
use rollcall_data::atomic::{remove_unfinished, AtomicFile, Pending};

#[test]
fn an_interrupt_removes_uncommitted_files_and_spill_directories_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let done = AtomicFile::create(&dir.path().join("done.csv")).expect("create");
    done.commit().expect("commit");
    let _open = AtomicFile::create(&dir.path().join("open.csv")).expect("create");
    let spill = dir.path().join("spill");
    std::fs::create_dir(&spill).expect("mkdir");
    std::fs::write(spill.join("run-0"), "rows").expect("write");
    let _spilling = Pending::register(&spill);
    let kept = dir.path().join("kept");
    std::fs::create_dir(&kept).expect("mkdir");
    drop(Pending::register(&kept));
    assert_eq!(listing(dir.path()).len(), 4);
    remove_unfinished();
    assert_eq!(listing(dir.path()), ["done.csv", "kept"]);
}
