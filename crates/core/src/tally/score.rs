//! What each project got from the ballots: its score, and which voters support it.

use crate::pabulib::{Election, VoteType};

/// A project's score: its number of votes, for cumulative and scoring ballots its points, for
/// ordinal ballots its Borda points.
pub type Score = i64;

/// Each project's score, in the order of [`Election::projects`]; `None` for ordinal ballots whose
/// META `scoring_fn` names a function other than Borda.
///
/// Approval and choose-1 ballots count one vote per project named; cumulative and scoring
/// ballots add the points given. A project a ballot names twice counts once, with the points of
/// its first mention. Sums saturate rather than overflow on absurd point values.
///
/// Ordinal ballots are scored as Pabulib's format says, by META `scoring_fn`, Borda by default:
/// with `m` the longest ranking allowed (META `max_length`, else the number of projects), a
/// ballot's first project gets `m` points, its second `m − 1`, and so on, and a project it does
/// not rank none. This is the usual Borda count for rankings cut short; no file in the corpus has
/// ordinal ballots to check it against.
pub fn scores(election: &Election) -> Option<Vec<Score>> {
    let vote_type = election.meta().vote_type();
    if vote_type == VoteType::Ordinal {
        return borda(election);
    }
    let mut scores: Vec<Score> = vec![0; election.projects().len()];
    let mut add = |position: u32, value: Score| {
        let score = &mut scores[position as usize];
        *score = score.saturating_add(value);
    };
    match election.ballot_points().filter(|_| vote_type.has_points()) {
        Some(points) => {
            for (positions, points) in election.ballot_positions().zip(points) {
                for (&position, &value) in positions.iter().zip(points) {
                    add(position, value);
                }
            }
        }
        None => {
            for positions in election.ballot_positions() {
                for &position in positions {
                    add(position, 1);
                }
            }
        }
    }
    Some(scores)
}

fn borda(election: &Election) -> Option<Vec<Score>> {
    let meta = election.meta();
    let function = meta.get("scoring_fn").map(str::trim).unwrap_or("Borda");
    if !function.eq_ignore_ascii_case("borda") {
        return None;
    }
    let projects = election.projects().len();
    let longest = meta
        .get("max_length")
        .and_then(|text| text.trim().parse::<usize>().ok())
        .unwrap_or(projects);
    let longest = Score::try_from(longest).unwrap_or(Score::MAX);
    let mut scores: Vec<Score> = vec![0; projects];
    for positions in election.ballot_positions() {
        for (place, &position) in positions.iter().enumerate() {
            let place = Score::try_from(place).unwrap_or(Score::MAX);
            let points = longest.saturating_sub(place).max(0);
            let score = &mut scores[position as usize];
            *score = score.saturating_add(points);
        }
    }
    Some(scores)
}
