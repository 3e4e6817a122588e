//! Meanings written back in the policy language's words.

use crate::words::{date_range, payments_words};
use rollcall_ir::graph::Payment;

#[test]
fn payments_are_pounds_with_pence_only_when_needed() {
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
