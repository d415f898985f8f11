//! What each project got from the ballots: its score, and which voters support it.

use crate::pabulib::{Election, VoteType};

/// A project's score: its number of votes, or for cumulative and scoring ballots its points.
pub type Score = i64;

/// Each project's score, in the order of [`Election::projects`]; `None` for ordinal ballots, which
/// no rule here scores.
///
/// Approval and choose-1 ballots count one vote per project named; cumulative and scoring
/// ballots add the points given. A project a ballot names twice counts once, with the points of
/// its first mention. Sums saturate rather than overflow on absurd point values.
pub fn scores(election: &Election) -> Option<Vec<Score>> {
    let vote_type = election.meta().vote_type();
    if vote_type == VoteType::Ordinal {
        return None;
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
