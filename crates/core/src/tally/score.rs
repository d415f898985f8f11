//! What each project got from the ballots: its score, and which voters support it.

use crate::pabulib::{Election, VoteType};

/// A project's score: its number of votes, or for cumulative and scoring ballots its points.
pub type Score = i64;

/// Each project's score, in the order of [`Election::projects`]; `None` for ordinal ballots, which
/// no rule here scores.
///
/// Approval and choose-1 ballots count one vote per project named; cumulative and scoring
/// ballots add the points given. Sums saturate rather than overflow on absurd point values.
pub fn scores(election: &Election) -> Option<Vec<Score>> {
    let vote_type = election.meta().vote_type();
    if vote_type == VoteType::Ordinal {
        return None;
    }
    let mut scores: Vec<Score> = vec![0; election.projects().len()];
    for (vote, positions) in election.votes().iter().zip(election.ballot_positions()) {
        let points = vote.points.as_deref().filter(|_| vote_type.has_points());
        for (index, &position) in positions.iter().enumerate() {
            let value = points.and_then(|points| points.get(index)).copied();
            let score = &mut scores[position as usize];
            *score = score.saturating_add(value.unwrap_or(1));
        }
    }
    Some(scores)
}
