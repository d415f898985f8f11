//! The `tally` command on real quirk files (`../shared/data/pabulib-quirks/`): what it tolerated
//! goes to stderr, `--explain` says why an official outcome is not reproduced, and per-category
//! caps are listed with what the rule spent.

use std::process::{Command, Output};

fn run(file: &str, flags: &[&str]) -> Output {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/pabulib-quirks/"
    )
    .to_string()
        + file;
    Command::new(env!("CARGO_BIN_EXE_tally"))
        .arg(&path)
        .args(flags)
        .output()
        .expect("tally runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn warnings_go_to_stderr_and_the_winners_to_stdout() {
    let output = run("Poland_Warszawa_2026_Brodno.pb", &["--ids"]);
    assert!(output.status.success());
    assert!(
        text(&output.stderr).contains(
            "line 357: voter \"242928\" names project \"1379\" more than once; it is counted once"
        ),
        "{}",
        text(&output.stderr)
    );
    let mut ids: Vec<String> = text(&output.stdout).lines().map(String::from).collect();
    ids.sort();
    assert_eq!(ids, ["1148", "1379", "1412", "382", "737", "815", "971"]);
}

#[test]
fn explain_names_the_tie_and_tie_break_follows_the_city() {
    let explained = run("Poland_Lodz_2024_Katedralna.pb", &["--explain"]);
    assert!(explained.status.success());
    let stdout = text(&explained.stdout);
    assert!(
        stdout.contains("Projects S004KA, S039KA have the same score (206)"),
        "{stdout}"
    );
    let dearer = run(
        "Poland_Lodz_2024_Katedralna.pb",
        &["--ids", "--tie-break", "dearer"],
    );
    let ids = text(&dearer.stdout);
    assert!(ids.lines().any(|id| id == "S004KA"), "{ids}");
    assert!(!ids.lines().any(|id| id == "S039KA"), "{ids}");
}

#[test]
fn a_city_rule_is_explained_instead_of_refused() {
    let file = "Poland_Poznan_2023_1_-_Nowe_Winogrady_Polnoc_Nowe_Winogrady_Poludnie_Nowe_Winogrady_Wschod_Stare_Winogrady.pb";
    let refused = run(file, &[]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("greedy-custom is the city's own"),
        "{}",
        text(&refused.stderr)
    );
    let explained = run(file, &["--explain"]);
    assert!(explained.status.success());
    let stdout = text(&explained.stdout);
    assert!(
        stdout.contains("greedy-no-skip gives the official winners"),
        "{stdout}"
    );
    assert!(
        stdout.contains("META comment: #1: This special greedy rule"),
        "{stdout}"
    );
}

#[test]
fn per_category_caps_are_reported_with_what_the_rule_spent() {
    let output = run("Netherlands_Amsterdam_604.pb", &["--explain"]);
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    for line in [
        "per-category caps (META budget_per_category), spent by the rule within each:",
        "  Meer groen in de buurt           90610  86865  10000",
        "  Klimaat en duurzaamheid          80715  55377  0",
        "funded from the leftover (META leftover_budget), beyond the caps: 42356, 42351 (15040 EUR)",
        "total cost: 270713 EUR of 300000 (90.2%), 22 projects",
        "  Kindvriendelijke buurt: cap 57312, spent 53061 by the rule, 5040 from the leftover",
    ] {
        assert!(
            stdout.lines().any(|got| got == line),
            "{line:?} in\n{stdout}"
        );
    }
    let refused = run(
        "Netherlands_Amsterdam_604.pb",
        &["--rule", "equalshares/add1"],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("equalshares/add1 cannot follow META budget_per_category"),
        "{}",
        text(&refused.stderr)
    );
}
