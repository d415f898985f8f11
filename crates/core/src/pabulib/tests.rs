//! Reading and writing small hand-written `.pb` files: what is accepted and written back, and the
//! line and problem reported for each kind of broken file.

use super::*;

/// A small valid file with what real files contain: a quoted name holding `;` and quotes, a cost
/// written as a float, blank and extra columns, CRLF line ends.
const VALID: &str = "META\r\nkey;value\r\ndescription;Tiny PB\r\nnum_projects;3\r\nnum_votes;2\r\n\
budget;1000.0\r\nvote_type;approval\r\nrule;greedy\r\nPROJECTS\r\nproject_id;cost;name;votes;selected\r\n\
1;500.0;\"Park; \"\"green\"\" benches\";2;1\r\n2;600;Library;1;0\r\n10;250.50;;0;1\r\n\r\n\
VOTES\r\nvoter_id;vote;age\r\nv1;1,2;34\r\nv2; 1 , 10 ;\r\n";

/// The same election as the writer puts it.
const VALID_WRITTEN: &str = "META\nkey;value\ndescription;Tiny PB\nnum_projects;3\nnum_votes;2\n\
budget;1000.0\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;name;votes;selected\n\
1;500;\"Park; \"\"green\"\" benches\";2;1\n2;600;Library;1;0\n10;250.5;;0;1\n\
VOTES\nvoter_id;vote;age\nv1;1,2;34\nv2;1,10;\n";

fn check(text: &str, expected: Result<&str, (usize, ParseErrorKind)>) {
    let got = Election::parse(text);
    match (&got, &expected) {
        (Ok(election), Ok(written)) => {
            assert_eq!(election.to_pb(), *written, "{text}");
            assert_eq!(
                Election::parse(written).as_ref(),
                Ok(election),
                "round trip"
            );
        }
        (Err(error), Err((line, kind))) => {
            assert_eq!((error.line, &error.kind), (*line, kind), "{text}\n{error}");
        }
        _ => panic!("{text}\ngot {got:?}\nexpected {expected:?}"),
    }
}

#[test]
fn reads_and_writes_back_a_valid_file() {
    check(VALID, Ok(VALID_WRITTEN));
    check(&format!("\u{feff}{VALID}"), Ok(VALID_WRITTEN));
    check(VALID_WRITTEN, Ok(VALID_WRITTEN));
}

#[test]
fn gives_typed_access_to_what_a_tally_needs() {
    let election = Election::parse(VALID).expect("VALID is valid");
    let meta = election.meta();
    assert_eq!(meta.budget(), Decimal::from_integer(1000));
    assert_eq!(meta.vote_type(), VoteType::Approval);
    assert_eq!(meta.rule(), Some("greedy"));
    assert_eq!(meta.description(), Some("Tiny PB"));
    assert_eq!(meta.min_project_score_threshold(), None);
    assert_eq!(meta.get("num_votes"), Some("2"));
    let park = election.project("1").expect("project 1 exists");
    assert_eq!(park.name.as_deref(), Some("Park; \"green\" benches"));
    assert_eq!(park.selected, Some(Selected::ByRule));
    assert_eq!(election.project_field(park, "votes"), Some("2"));
    assert_eq!(
        election.extra_project_columns().collect::<Vec<_>>(),
        ["votes"]
    );
    assert_eq!(election.extra_vote_columns().collect::<Vec<_>>(), ["age"]);
    assert_eq!(election.votes()[1].projects, ["1", "10"]);
    assert_eq!(election.votes()[1].points, None);
    assert!(election.has_selected_column());
}

#[test]
fn reads_points_and_empty_ballots() {
    let text = "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n\
a;5\nb;5\nVOTES\nvoter_id;vote;points\n1;a,b;2,1\n2;;\n";
    let election = Election::parse(text).expect("valid cumulative file");
    assert_eq!(election.votes()[0].points, Some(vec![2, 1]));
    assert_eq!(election.votes()[1].projects, Vec::<String>::new());
    assert_eq!(election.votes()[1].points, Some(vec![]));
    check(text, Ok(text));
}

#[test]
fn says_where_a_broken_file_is_broken() {
    use ParseErrorKind::*;
    let broken = |from: &str, to: &str| {
        assert!(VALID_WRITTEN.contains(from), "{from:?} is in the file");
        VALID_WRITTEN.replacen(from, to, 1)
    };
    let amount = |column: &str, text: &str, problem| BadAmount {
        column: column.to_string(),
        text: text.to_string(),
        problem,
    };
    check(
        "",
        Err((
            1,
            MissingSection {
                section: Section::Meta,
            },
        )),
    );
    check(&format!("hello\n{VALID_WRITTEN}"), Err((1, OutsideSection)));
    check(
        &broken("META\nkey;value\n", "META\n"),
        Err((
            2,
            MissingHeader {
                section: Section::Meta,
            },
        )),
    );
    check(
        &broken("rule;greedy\n", "rule;greedy;extra\n"),
        Err((
            8,
            WrongFieldCount {
                section: Section::Meta,
                expected: 2,
                found: 3,
            },
        )),
    );
    check(&broken("\"Park", "\"\"Park"), Err((11, TextAfterQuote)));
    check(
        &broken("benches\"", "benches"),
        Err((11, UnterminatedQuote)),
    );
    check(
        &broken("\"\"green\"\"", "\"green\""),
        Err((11, TextAfterQuote)),
    );
    check(
        &broken("VOTES\nvoter_id;vote;age\n", "META\n"),
        Err((
            14,
            RepeatedSection {
                section: Section::Meta,
                first_line: 1,
            },
        )),
    );
    check(
        &broken("VOTES\nvoter_id;vote;age\nv1;1,2;34\nv2;1,10;\n", ""),
        Err((
            13,
            MissingSection {
                section: Section::Votes,
            },
        )),
    );
    check(
        &broken("voter_id;vote;age\nv1;1,2;34\nv2;1,10;\n", ""),
        Err((
            14,
            MissingHeader {
                section: Section::Votes,
            },
        )),
    );
    check(
        &broken("budget;1000.0\n", ""),
        Err((
            1,
            MissingMeta {
                key: "budget".to_string(),
            },
        )),
    );
    check(
        &broken("budget;1000.0", "budget;1,000"),
        Err((6, amount("budget", "1,000", DecimalError::NotANumber))),
    );
    check(
        &broken("budget;1000.0", "budget;-1"),
        Err((6, amount("budget", "-1", DecimalError::Negative))),
    );
    check(
        &broken("vote_type;approval", "vote_type;ranked"),
        Err((
            7,
            UnknownVoteType {
                text: "ranked".to_string(),
            },
        )),
    );
    check(
        &broken("rule;greedy\n", "rule;greedy\nrule;greedy\n"),
        Err((
            9,
            RepeatedMetaKey {
                key: "rule".to_string(),
                first_line: 8,
            },
        )),
    );
    check(
        &broken("num_votes;2", "num_votes;two"),
        Err((
            5,
            BadCount {
                key: "num_votes".to_string(),
                text: "two".to_string(),
            },
        )),
    );
    check(
        &broken("num_votes;2", "num_votes;3"),
        Err((
            5,
            CountMismatch {
                key: "num_votes".to_string(),
                declared: 3,
                found: 2,
            },
        )),
    );
    check(
        &broken("num_projects;3", "num_projects;4"),
        Err((
            4,
            CountMismatch {
                key: "num_projects".to_string(),
                declared: 4,
                found: 3,
            },
        )),
    );
    check(
        &broken("project_id;cost;", "project_id;price;"),
        Err((
            10,
            MissingColumn {
                section: Section::Projects,
                column: "cost".to_string(),
            },
        )),
    );
    check(
        &broken(";votes;", ";name;"),
        Err((
            10,
            RepeatedColumn {
                section: Section::Projects,
                column: "name".to_string(),
            },
        )),
    );
    check(
        &broken("2;600;Library;1;0", "2;600;Library;1"),
        Err((
            12,
            WrongFieldCount {
                section: Section::Projects,
                expected: 5,
                found: 4,
            },
        )),
    );
    check(
        &broken("2;600;", "2;600 PLN;"),
        Err((12, amount("cost", "600 PLN", DecimalError::NotANumber))),
    );
    check(
        &broken("2;600;", " ;600;"),
        Err((
            12,
            EmptyField {
                section: Section::Projects,
                column: "project_id".to_string(),
            },
        )),
    );
    check(
        &broken("2;600;", "2,3;600;"),
        Err((
            12,
            CommaInProjectId {
                id: "2,3".to_string(),
            },
        )),
    );
    check(
        &broken("2;600;", "1;600;"),
        Err((
            12,
            RepeatedProject {
                id: "1".to_string(),
                first_line: 11,
            },
        )),
    );
    check(
        &broken("Library;1;0", "Library;1;yes"),
        Err((
            12,
            BadSelected {
                text: "yes".to_string(),
            },
        )),
    );
    check(
        &broken("v2;1,10;", "v2;1,11;"),
        Err((
            17,
            UnknownProject {
                id: "11".to_string(),
            },
        )),
    );
    check(
        &broken("v2;1,10;", "v1;1,10;"),
        Err((
            17,
            RepeatedVoter {
                id: "v1".to_string(),
                first_line: 16,
            },
        )),
    );
    check(
        &broken("v2;1,10;", "v2;1,10"),
        Err((
            17,
            WrongFieldCount {
                section: Section::Votes,
                expected: 3,
                found: 2,
            },
        )),
    );
}

#[test]
fn checks_points_against_the_ballot() {
    use ParseErrorKind::*;
    let cumulative = |votes: &str| {
        format!(
            "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\nb;5\n{votes}"
        )
    };
    check(
        &cumulative("VOTES\nvoter_id;vote\n1;a\n"),
        Err((
            10,
            MissingColumn {
                section: Section::Votes,
                column: "points".to_string(),
            },
        )),
    );
    check(
        &cumulative("VOTES\nvoter_id;vote;points\n1;a,b;3\n"),
        Err((
            11,
            PointsMismatch {
                projects: 2,
                points: 1,
            },
        )),
    );
    check(
        &cumulative("VOTES\nvoter_id;vote;points\n1;a,b;3,x\n"),
        Err((
            11,
            BadPoints {
                text: "x".to_string(),
            },
        )),
    );
}

#[test]
fn reports_text_that_is_not_utf8() {
    let mut bytes = VALID_WRITTEN.as_bytes().to_vec();
    let library = VALID_WRITTEN
        .find("Library")
        .expect("the file names a library");
    bytes[library] = 0xFF;
    assert_eq!(
        Election::from_bytes(&bytes),
        Err(ParseError {
            line: 12,
            kind: ParseErrorKind::NotUtf8,
        })
    );
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), VALID_WRITTEN.as_bytes()].concat();
    assert!(Election::from_bytes(&with_bom).is_ok());
}

#[test]
fn errors_read_as_sentences() {
    let error = Election::parse(&VALID_WRITTEN.replace("num_votes;2", "num_votes;3"))
        .expect_err("the count is wrong");
    assert_eq!(
        error.to_string(),
        "line 5: META num_votes says 3 but the file has 2; it may be cut short"
    );
}

#[test]
fn a_built_election_reads_back_and_counts_itself() {
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let new = NewElection {
        meta: owned(&[
            ("description", "北苑; \"test\""),
            ("budget", "500000"),
            ("vote_type", "approval"),
            ("rule", "greedy"),
        ]),
        project_columns: vec!["name".into()],
        projects: vec![
            ("p1".into(), "180000".into(), vec!["口袋公园".into()]),
            ("p2".into(), "120000".into(), vec!["音乐室".into()]),
        ],
        votes: vec![
            ("r1".into(), vec!["p1".into(), "p2".into()]),
            ("r2".into(), vec!["p2".into()]),
        ],
    };
    let election = Election::build(&new).unwrap();
    assert_eq!(election.meta().get("num_votes"), Some("2"));
    assert_eq!(election.meta().get("description"), Some("北苑; \"test\""));
    assert_eq!(election.projects()[0].name.as_deref(), Some("口袋公园"));
    assert_eq!(election.votes()[1].projects, ["p2"]);
    assert_eq!(Election::parse(&election.to_pb()), Ok(election));
    let mut unknown = new.clone();
    unknown.votes.push(("r3".into(), vec!["p9".into()]));
    assert!(matches!(
        Election::build(&unknown).map_err(|e| e.kind),
        Err(ParseErrorKind::UnknownProject { .. })
    ));
}

/// Real files do both: Amsterdam 604 and Warszawa 2026 Bródno have ballots naming one project
/// twice; Gdynia, Katowice and Poznań mark projects funded outside the rule with 2 or 3.
#[test]
fn tolerates_what_real_files_do_and_says_where() {
    let text = VALID
        .replace("v1;1,2;34", "v1;1,2,1;34")
        .replace("v2; 1 , 10 ;", "v2;10,10,1,10;")
        .replace("Library;1;0", "Library;1;2")
        .replace(";0;1\r\n", ";0;3\r\n");
    let election = Election::parse(&text).expect("tolerated");
    let warnings: Vec<String> = election.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "line 12: project \"2\" has selected 2: funded for another reason than the rule \
             (META comment may say which); kept as recorded, not counted among the rule's winners \
             (and on 1 more line)",
            "line 17: voter \"v1\" names project \"1\" more than once; it is counted once \
             (and on 1 more line)",
        ]
    );
    let selected: Vec<Option<Selected>> = election.projects().iter().map(|p| p.selected).collect();
    assert_eq!(
        selected,
        [
            Some(Selected::ByRule),
            Some(Selected::Otherwise(OtherFunding::Two)),
            Some(Selected::Otherwise(OtherFunding::Three)),
        ]
    );
    // Counted once, in the order first named; kept as written.
    let positions: Vec<&[u32]> = election.ballot_positions().collect();
    assert_eq!(positions, [&[0, 1][..], &[2, 0][..]]);
    assert_eq!(election.votes()[1].projects, ["10", "10", "1", "10"]);
    let again = Election::parse(&election.to_pb()).expect("written back");
    assert_eq!(again, election);
    let kinds = |election: &Election| -> Vec<WarningKind> {
        election.warnings().iter().map(|w| w.kind.clone()).collect()
    };
    assert_eq!(kinds(&again), kinds(&election));
    assert!(election.to_pb().contains("\nv2;10,10,1,10;\n"));
}

#[test]
fn a_repeated_project_counts_once_with_its_first_points() {
    let text = "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n\
                a;5\nb;5\nVOTES\nvoter_id;vote;points\nv1;a,b,a;2,1,7\n";
    let election = Election::parse(text).expect("tolerated");
    let points: Vec<&[i64]> = election.ballot_points().expect("a points column").collect();
    assert_eq!(points, [&[2, 1][..]]);
    assert_eq!(election.warnings()[0].line, 11);
    assert_eq!(
        crate::tally::scores(&election),
        Some(vec![2, 1]),
        "the second mention's 7 points are not added"
    );
}

#[test]
fn a_selected_beyond_three_is_refused() {
    let text = VALID.replace("Library;1;0", "Library;1;4");
    let error = Election::parse(&text).expect_err("4 means nothing");
    assert_eq!(
        (error.line, error.kind),
        (
            12,
            ParseErrorKind::BadSelected {
                text: "4".to_string()
            }
        )
    );
}

/// Per-category budgets as Amsterdam 604 declares them, in a small file: two categories, their
/// caps, a per-ballot limit, a least cost and a leftover pass. Line numbers: META holds lines 2–10,
/// PROJECTS' header is line 12, its rows 13–15, VOTES' rows 18 and 19.
const CATEGORIES: &str = "META\nkey;value\nbudget;10\nvote_type;approval\nrule;greedy\n\
categories;green,kids\nbudget_per_category;4,6\nmax_sum_cost_per_category;4,6\n\
min_project_cost;1\n\
leftover_budget;Fund additional projects that fit within leftover budget ordered by score\n\
PROJECTS\nproject_id;cost;category\na;3;green\nb;3;green\nc;5;kids\n\
VOTES\nvoter_id;vote\nv1;a,c\nv2;b\n";

#[test]
fn reads_per_category_budgets() {
    let election = Election::parse(CATEGORIES).expect("valid");
    let meta = election.meta();
    assert_eq!(meta.categories(), ["green", "kids"]);
    let amounts = |values: &[u64]| -> Vec<Decimal> {
        values.iter().map(|&v| Decimal::from_integer(v)).collect()
    };
    assert_eq!(meta.budget_per_category(), Some(&amounts(&[4, 6])[..]));
    assert_eq!(
        meta.max_sum_cost_per_category(),
        Some(&amounts(&[4, 6])[..])
    );
    assert_eq!(meta.min_project_cost(), Some(Decimal::from_integer(1)));
    assert!(meta.funds_leftover_by_score());
    let categories: Vec<Option<usize>> = (0..4).map(|p| election.project_category(p)).collect();
    assert_eq!(categories, [Some(0), Some(0), Some(1), None]);
    assert_eq!(election.warnings(), []);
    // The category column is kept as text and written back.
    assert_eq!(
        election.project_field(&election.projects()[2], "category"),
        Some("kids")
    );
    check(CATEGORIES, Ok(CATEGORIES));
}

#[test]
fn per_category_amounts_are_checked_against_the_categories() {
    use ParseErrorKind::*;
    let broken = |from: &str, to: &str| {
        assert!(CATEGORIES.contains(from), "{from:?} is in the file");
        CATEGORIES.replacen(from, to, 1)
    };
    check(
        &broken("budget_per_category;4,6", "budget_per_category;4,6,1"),
        Err((
            7,
            CategoryCountMismatch {
                key: "budget_per_category".to_string(),
                categories: 2,
                found: 3,
            },
        )),
    );
    check(
        &broken(
            "max_sum_cost_per_category;4,6",
            "max_sum_cost_per_category;4",
        ),
        Err((
            8,
            CategoryCountMismatch {
                key: "max_sum_cost_per_category".to_string(),
                categories: 2,
                found: 1,
            },
        )),
    );
    check(
        &broken("budget_per_category;4,6", "budget_per_category;4,six"),
        Err((
            7,
            BadAmount {
                column: "budget_per_category".to_string(),
                text: "six".to_string(),
                problem: DecimalError::NotANumber,
            },
        )),
    );
    check(
        &broken("categories;green,kids\n", ""),
        Err((
            6,
            MissingMeta {
                key: "categories".to_string(),
            },
        )),
    );
    check(
        &broken("categories;green,kids", "categories;green,green"),
        Err((
            6,
            RepeatedCategory {
                name: "green".to_string(),
            },
        )),
    );
    check(
        &broken("c;5;kids", "c;5;sport"),
        Err((
            15,
            UnknownCategory {
                project_id: "c".to_string(),
                category: "sport".to_string(),
                categories: vec!["green".to_string(), "kids".to_string()],
            },
        )),
    );
    check(
        &broken(
            "project_id;cost;category\na;3;green\nb;3;green\nc;5;kids",
            "project_id;cost\na;3\nb;3\nc;5",
        ),
        Err((
            12,
            MissingColumn {
                section: Section::Projects,
                column: "category".to_string(),
            },
        )),
    );
    let error = Election::parse(&broken(
        "budget_per_category;4,6",
        "budget_per_category;4,6,1",
    ))
    .expect_err("three caps for two categories");
    assert_eq!(
        error.to_string(),
        "line 7: META budget_per_category has 3 values but META categories lists 2 categories; \
         give one value a category, in the same order"
    );
    // Without amounts per category, categories are only names: any category column reads.
    let names_only = broken(
        "budget_per_category;4,6\nmax_sum_cost_per_category;4,6\n",
        "",
    )
    .replacen("c;5;kids", "c;5;sport", 1);
    let election = Election::parse(&names_only).expect("no per-category amounts");
    assert_eq!(election.project_category(2), None);
    assert_eq!(election.meta().budget_per_category(), None);
}

#[test]
fn warns_of_what_per_category_rules_a_file_breaks() {
    let text = CATEGORIES
        .replacen("v1;a,c", "v1;a,b,c", 1)
        .replacen("min_project_cost;1", "min_project_cost;4", 1)
        .replacen("ordered by score", "to the city's reserve", 1);
    let election = Election::parse(&text).expect("tolerated");
    let warnings: Vec<String> = election.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "line 10: META leftover_budget \"Fund additional projects that fit within leftover \
             budget to the city's reserve\" is not \"Fund additional projects that fit within \
             leftover budget ordered by score\", the one way of spending it this tally knows; \
             the leftover is not spent",
            "line 13: project \"a\" costs 3, under META min_project_cost 4; it is kept and \
             counted (and on 1 more line)",
            "line 18: voter \"v1\" approves 6 of projects in category \"green\", over META \
             max_sum_cost_per_category 4; the ballot is counted as cast",
        ]
    );
    assert!(!election.meta().funds_leftover_by_score());
}
