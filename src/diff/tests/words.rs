//! Meanings written back in the policy language's words.

use crate::diff::words::{date_range, money, payments_words, quantity_words};
use rollcall_runtime::graph::{Payment, Quantity};

#[test]
fn percentages_keep_the_decimals_written() {
    assert_eq!(quantity_words(Quantity::BasisPoints(9000)), "90%");
    assert_eq!(quantity_words(Quantity::BasisPoints(9250)), "92.5%");
    assert_eq!(quantity_words(Quantity::BasisPoints(8947)), "89.47%");
    assert_eq!(quantity_words(Quantity::BasisPoints(9205)), "92.05%");
}

#[test]
fn units_are_singular_for_one() {
    assert_eq!(quantity_words(Quantity::Sessions(1)), "1 session");
    assert_eq!(quantity_words(Quantity::SchoolDays(15)), "15 school days");
    assert_eq!(quantity_words(Quantity::SchoolWeeks(1)), "1 school week");
}

#[test]
fn money_is_pounds_with_pence_only_when_needed() {
    assert_eq!(money(8000), "£80");
    assert_eq!(money(8050), "£80.50");
    assert_eq!(money(5), "£0.05");
    let payments = [
        Payment {
            within_days: 21,
            amount_pence: 6000,
        },
        Payment {
            within_days: 1,
            amount_pence: 12001,
        },
    ];
    assert_eq!(
        payments_words(&payments),
        "£60 within 21 days, £120.01 within 1 day"
    );
    assert_eq!(payments_words(&[]), "none");
}

#[test]
fn date_ranges_name_open_ends() {
    let date = |text: &str| Some(text.parse().expect("test date"));
    assert_eq!(date_range(date("2024-08-19"), None), "from 2024-08-19");
    assert_eq!(date_range(None, date("2023-03-31")), "until 2023-03-31");
    assert_eq!(
        date_range(date("2013-09-01"), date("2024-08-18")),
        "2013-09-01 to 2024-08-18"
    );
    assert_eq!(date_range(None, None), "at all dates");
}
