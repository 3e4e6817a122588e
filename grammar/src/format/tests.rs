//! Layout decisions, one at a time.

use super::*;

fn formatted(source: &str) -> String {
    match format(source) {
        Ok(text) => text,
        Err(error) => panic!("{error}\n{source}"),
    }
}

/// Formats, and checks the result is a fixed point.
fn canonical(source: &str) -> String {
    let once = formatted(source);
    assert_eq!(formatted(&once), once, "not idempotent");
    once
}

const HEAD: &str = "national n \"T\"\n";

#[test]
fn header_clauses_go_on_their_own_lines() {
    assert_eq!(
        canonical("school s \"S\" extends p   versions chosen by absence date doc \"D\"\n"),
        "school s \"S\"\n  extends p\n  versions chosen by absence date\n  doc \"D\"\n"
    );
}

#[test]
fn blocks_indent_two_spaces_a_level_and_declarations_are_separated_by_one_blank_line() {
    let source = format!(
        "{HEAD}version from 2024-08-19 {{\n\n\n rule r {{ when count unauthorised within 10 school weeks >= 10 sessions\n\n then penalty_notice }}\n\tcodes c = {{G}} doc \"x\"\n}}\n"
    );
    assert_eq!(
        canonical(&source),
        format!(
            "{HEAD}\nversion from 2024-08-19 {{\n  rule r {{\n    when count unauthorised within 10 school weeks >= 10 sessions\n    then penalty_notice\n  }}\n\n  codes c = {{G}}\n    doc \"x\"\n}}\n"
        )
    );
}

#[test]
fn punctuation_is_spaced_as_the_shipped_files_are() {
    let source = format!(
        "{HEAD}codes c = {{ G ,N,\"#\" }} + other - {{ }}\nmeasure m = attendance this academic_year\nrule r {{ when ( not m < 92 % ) or count c within 2 weeks>=1 then letter \"L\" }}\npenalty_notices {{ notice 1 pays £ 80 within 21 days,£160 within 28 days }}\n"
    );
    assert_eq!(
        canonical(&source),
        format!(
            "{HEAD}\ncodes c = {{G, N, \"#\"}} + other - {{}}\n\nmeasure m = attendance this academic_year\n\nrule r {{\n  when (not m < 92%) or count c within 2 weeks >= 1\n  then letter \"L\"\n}}\n\npenalty_notices {{\n  notice 1 pays £80 within 21 days, £160 within 28 days\n}}\n"
        )
    );
}

#[test]
fn strings_are_kept_whole_however_long() {
    let long = "word ".repeat(60);
    let source =
        format!("national n \"T\" doc \"{long}\"   source  \"a \\\"quoted\\\" # not a comment\"\n");
    assert_eq!(
        canonical(&source),
        format!(
            "national n \"T\"\n  doc \"{long}\"\n  source \"a \\\"quoted\\\" # not a comment\"\n"
        )
    );
}

#[test]
fn comments_stay_in_place_and_are_indented_as_the_line_they_precede() {
    let source = format!(
        "# top\n\n{HEAD}version from 2024-08-19 {{ # opening\n# about r\n      rule r {{\n  # before when\n when m > 1 # why\n then penalty_notice\n   # last in r\n }}\n # end of version\n}}\n# end of file   \n"
    );
    assert_eq!(
        canonical(&source),
        format!(
            "# top\n\n{HEAD}\nversion from 2024-08-19 {{ # opening\n  # about r\n  rule r {{\n    # before when\n    when m > 1 # why\n    then penalty_notice\n    # last in r\n  }}\n  # end of version\n}}\n# end of file\n"
        )
    );
}

#[test]
fn a_comment_inside_a_line_breaks_it_and_the_rest_goes_one_level_deeper() {
    let source = format!(
        "{HEAD}rule r {{\n  when m > 1 # first part\n   and m < 5\n  # the other\n   or m = 9\n  then penalty_notice\n}}\n"
    );
    assert_eq!(
        canonical(&source),
        format!(
            "{HEAD}\nrule r {{\n  when m > 1 # first part\n    and m < 5\n    # the other\n    or m = 9\n  then penalty_notice\n}}\n"
        )
    );
}

#[test]
fn the_blank_line_before_a_declaration_goes_before_its_comments() {
    let source = format!(
        "{HEAD}codes a = {{G}}\n# about b\ncodes b = {{N}}\n# about c\n\ncodes c = {{O}}\n"
    );
    assert_eq!(
        canonical(&source),
        format!(
            "{HEAD}\ncodes a = {{G}}\n\n# about b\ncodes b = {{N}}\n\n# about c\n\ncodes c = {{O}}\n"
        )
    );
}

#[test]
fn blank_lines_next_to_comments_are_kept_but_never_more_than_one() {
    let source =
        format!("{HEAD}rule r {{\n  when m > 1\n\n\n  # a note\n\n\n\n  then penalty_notice\n}}\n");
    assert_eq!(
        canonical(&source),
        format!("{HEAD}\nrule r {{\n  when m > 1\n\n  # a note\n\n  then penalty_notice\n}}\n")
    );
}

#[test]
fn a_version_block_keeps_its_opening_line_whole() {
    assert_eq!(
        canonical(&format!(
            "{HEAD}version from 2013-9-1\n until 2024-08-18\n extends national-2013 {{ remove rule x }}"
        )),
        format!(
            "{HEAD}\nversion from 2013-9-1 until 2024-08-18 extends national-2013 {{\n  remove rule x\n}}\n"
        )
    );
}

#[test]
fn a_file_that_does_not_parse_gives_the_parser_s_errors() {
    let source = format!("{HEAD}rule r {{ when m => 1 then penalty_notice }}\n");
    let expected = crate::parse(&source).expect_err("`=>` is refused");
    assert_eq!(format(&source), Err(FormatError::Syntax(expected)));
    assert!(matches!(
        format("national n"),
        Err(FormatError::Syntax(errors)) if !errors.is_empty()
    ));
}

#[test]
fn a_difference_is_shown_where_it_starts() {
    assert_eq!(first_difference("abcdef", "abcxef"), "abcxef");
    assert_eq!(first_difference("ab", "abc"), "abc");
}

#[test]
fn an_empty_block_keeps_its_braces_on_two_lines_and_an_empty_set_on_one() {
    assert_eq!(
        canonical(&format!(
            "{HEAD}version from 2024-08-19 extends p {{}}\ncodes none = {{ }}\n"
        )),
        format!("{HEAD}\nversion from 2024-08-19 extends p {{\n}}\n\ncodes none = {{}}\n")
    );
    assert_eq!(
        canonical(&format!("{HEAD}cross_border {{ # nothing yet\n}}\n")),
        format!("{HEAD}\ncross_border {{ # nothing yet\n}}\n")
    );
    assert_eq!(
        canonical(&format!("{HEAD}cross_border {{\n# nothing yet\n}}\n")),
        format!("{HEAD}\ncross_border {{\n  # nothing yet\n}}\n")
    );
}

#[test]
fn the_check_refuses_output_that_changes_the_policy_or_its_comments() {
    let source = format!("{HEAD}# why\ncodes c = {{G, N}} # trailing\n");
    let before = crate::parse(&source).expect("parses");
    let comments = ["# why", "# trailing"];
    let good = format!("{HEAD}\n# why\ncodes c = {{G, N}} # trailing\n");
    assert_eq!(verify(&before, &comments, &good), Ok(()));
    let unsound = |formatted: &str| match verify(&before, &comments, formatted) {
        Err(FormatError::Unsound(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let reordered = unsound(&format!("{HEAD}\n# why\ncodes c = {{N, G}} # trailing\n"));
    assert!(
        reordered.contains("parses differently, at `"),
        "{reordered}"
    );
    let lost = unsound(&format!("{HEAD}\n# why\ncodes c = {{G, N}}\n"));
    assert!(lost.contains("comments"), "{lost}");
    let broken = unsound(&format!("{HEAD}\n# why\ncodes c = {{G, N # trailing\n"));
    assert!(broken.contains("does not parse"), "{broken}");
    let error = FormatError::Unsound(lost).to_string();
    assert!(
        error.starts_with("internal error: formatting would change the policy"),
        "{error}"
    );
}

#[test]
fn named_dates_are_a_declaration_and_episodes_an_inline_quantity() {
    let source = format!(
        "{HEAD}dates   phonics = from 2025-06-09 to 2025-06-13 doc \"x\"\nrule r {{ when episodes of {{G}} during phonics>=2 episodes then letter \"L\" }}\n"
    );
    assert_eq!(
        canonical(&source),
        format!(
            "{HEAD}\ndates phonics = from 2025-06-09 to 2025-06-13\n  doc \"x\"\n\nrule r {{\n  when episodes of {{G}} during phonics >= 2 episodes\n  then letter \"L\"\n}}\n"
        )
    );
}
