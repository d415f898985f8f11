//! The Method of Equal Shares (Peters & Skowron; equalshares.net) for approval ballots, with the
//! `add1` completion, as the equalshares.net tool computes it with its default options.
//!
//! Every voter gets an equal share of the budget. A project can be bought when its supporters
//! together still have its cost; its cost is then split as equally as their remaining money
//! allows: each pays the same amount ρ, or everything they have left if that is less. Among the
//! projects that can be bought, the one whose cost is split among the most "effective" supporters
//! (cost ÷ ρ, largest first) is bought next. Utilities are costs ("cost utilities"): a voter
//! values a project in proportion to its cost, so ρ is compared per unit of cost, not per project.
//! Reproducing Świecie 2023 needs cost utilities; counting one per approved project does not.
//!
//! Equal shares alone usually leaves money unspent, so `add1` reruns it with each voter's share
//! raised by one currency unit at a time, starting from the whole-unit share `⌊budget ÷ voters⌋`,
//! and keeps the last outcome that still fits the real budget. It stops early when an outcome is
//! exhaustive (no unfunded project fits in the money left) or funds every supported project.
//! When every project fits in the budget together, there is nothing to complete and equal shares
//! runs once with the real budget.
//!
//! Ties between equally effective projects go to the cheaper project, then to the one with more
//! supporters (the tool's default `minCost, maxVotes`), then to the lower project id in natural
//! order, so the outcome never depends on the order of the file.
//!
//! Arithmetic: money split among thousands of voters makes exact fractions whose denominators
//! multiply with every purchase (far past 128 bits after a few dozen purchases), so voters' money
//! is kept in `f64` like the tool's default `floats` mode. Comparisons allow a relative error of
//! [`TOLERANCE`], so two projects that are equally effective in exact arithmetic tie here too and
//! go to the tie-break instead of to rounding noise. Costs and the budget check of `add1` are
//! exact integers.

use std::collections::BTreeMap;

use super::greedy::natural_order;
use crate::pabulib::Project;

/// Relative difference below which two amounts of money or two effectiveness values are equal.
const TOLERANCE: f64 = 1e-9;

/// An approval election prepared for equal shares.
pub(super) struct EqualShares {
    /// Exact cost of each project, in units of the smallest fraction the file uses.
    costs: Vec<u128>,
    costs_f64: Vec<f64>,
    /// One currency unit in the units of `costs`.
    currency_unit: u128,
    budget: u128,
    voters: usize,
    /// Voters with the same ballot, counted once: they always hold the same money, since they
    /// pay the same share of everything they buy. Each group has as many voters as `weights` says.
    weights: Vec<f64>,
    /// Each project's supporters, as groups.
    supporters: Vec<Vec<u32>>,
    /// Each project's number of supporting voters.
    supporter_counts: Vec<f64>,
    /// Each project's place in the tie-break order: cheaper first, then more supporters, then id.
    tie_rank: Vec<usize>,
}

/// The voters who cast one ballot, during one run: how many they are and what each has left,
/// side by side because every count reads both.
#[derive(Clone, Copy)]
struct Group {
    money: f64,
    weight: f64,
}

/// A project's standing in one round.
#[derive(Clone, Copy)]
struct Candidate {
    project: usize,
    /// Cost ÷ the share each supporter pays: how many supporters the cost is effectively split
    /// among; larger is better.
    effective_votes: f64,
}

impl EqualShares {
    /// `ballots` lists, for each voter, the positions of the projects they approve.
    pub(super) fn new<'b>(
        projects: &[Project],
        costs: Vec<u128>,
        currency_unit: u128,
        budget: u128,
        ballots: impl ExactSizeIterator<Item = &'b [u32]> + Clone,
    ) -> EqualShares {
        // Groups are numbered in the order of their ballots, with projects named by popularity,
        // so that the supporters of the popular projects lie close together in memory.
        let mut popularity = vec![0usize; costs.len()];
        let voters = ballots.len();
        for ballot in ballots.clone() {
            for &project in ballot {
                popularity[project as usize] += 1;
            }
        }
        let mut by_popularity: Vec<u32> = (0..costs.len() as u32).collect();
        by_popularity.sort_by_key(|&project| std::cmp::Reverse(popularity[project as usize]));
        let mut rank = vec![0u32; costs.len()];
        for (place, &project) in by_popularity.iter().enumerate() {
            rank[project as usize] = place as u32;
        }
        let mut ballot_weights: BTreeMap<Vec<u32>, f64> = BTreeMap::new();
        for ballot in ballots.filter(|ballot| !ballot.is_empty()) {
            let mut key: Vec<u32> = ballot
                .iter()
                .map(|&project| rank[project as usize])
                .collect();
            key.sort_unstable();
            *ballot_weights.entry(key).or_insert(0.0) += 1.0;
        }
        let mut weights = Vec::with_capacity(ballot_weights.len());
        let mut supporters = vec![Vec::new(); costs.len()];
        for (group, (ranks, weight)) in ballot_weights.into_iter().enumerate() {
            weights.push(weight);
            for place in ranks {
                supporters[by_popularity[place as usize] as usize].push(group as u32);
            }
        }
        let supporter_counts: Vec<f64> = supporters
            .iter()
            .map(|groups: &Vec<u32>| groups.iter().map(|&group| weights[group as usize]).sum())
            .collect();
        let mut by_tie_break: Vec<usize> = (0..costs.len()).collect();
        by_tie_break.sort_by(|&a, &b| {
            costs[a]
                .cmp(&costs[b])
                .then(supporter_counts[b].total_cmp(&supporter_counts[a]))
                .then_with(|| natural_order(&projects[a].id, &projects[b].id))
        });
        let mut tie_rank = vec![0; costs.len()];
        for (rank, &project) in by_tie_break.iter().enumerate() {
            tie_rank[project] = rank;
        }
        EqualShares {
            costs_f64: costs.iter().map(|&cost| cost as f64).collect(),
            costs,
            currency_unit,
            budget,
            voters,
            weights,
            supporters,
            supporter_counts,
            tie_rank,
        }
    }

    /// Equal shares with the `add1` completion; the funded projects in the order bought.
    pub(super) fn with_add1(&self) -> Vec<usize> {
        if self.voters == 0 {
            return Vec::new();
        }
        let all_costs = self
            .costs
            .iter()
            .fold(0u128, |sum, &cost| sum.saturating_add(cost));
        if all_costs <= self.budget {
            return self.fixed_budget(self.budget);
        }
        let voters = self.voters as u128;
        let whole_share = self.budget / voters / self.currency_unit * self.currency_unit;
        let step = voters.saturating_mul(self.currency_unit);
        let fundable = (0..self.costs.len())
            .filter(|&project| self.is_fundable(project))
            .count();

        let mut total = whole_share * voters;
        let mut funded = self.fixed_budget(total);
        let mut spent = self.cost_of(&funded);
        while !self.is_exhaustive(&funded, spent) && funded.len() < fundable {
            let next_total = total.saturating_add(step);
            let next = self.fixed_budget(next_total);
            let next_spent = self.cost_of(&next);
            if next_spent > self.budget {
                break;
            }
            (total, funded, spent) = (next_total, next, next_spent);
        }
        funded
    }

    /// Equal shares alone, every voter starting with `total ÷ voters`.
    pub(super) fn fixed_budget(&self, total: u128) -> Vec<usize> {
        let endowment = total as f64 / self.voters as f64;
        let mut groups: Vec<Group> = self
            .weights
            .iter()
            .map(|&weight| Group {
                money: endowment,
                weight,
            })
            .collect();
        let mut spent = Vec::new();
        // Each candidate with its effective votes in the last round that counted it; these only
        // fall as voters spend, so a candidate whose last count is below the best so far is not
        // counted again this round.
        let mut remaining: Vec<Candidate> = (0..self.costs.len())
            .filter(|&project| self.is_fundable(project))
            .map(|project| Candidate {
                project,
                effective_votes: self.supporter_counts[project],
            })
            .collect();
        let mut funded = Vec::new();
        loop {
            remaining.sort_by(|a, b| b.effective_votes.total_cmp(&a.effective_votes));
            let mut best: Vec<Candidate> = Vec::new();
            let mut best_votes = 0.0;
            let mut slot = 0;
            while slot < remaining.len() {
                if remaining[slot].effective_votes < best_votes * (1.0 - TOLERANCE) {
                    break;
                }
                let project = remaining[slot].project;
                let Some(effective_votes) =
                    self.effective_votes(project, &groups, endowment, &mut spent)
                else {
                    // Its supporters can no longer pay for it, and never will in this run.
                    remaining.remove(slot);
                    continue;
                };
                remaining[slot].effective_votes = effective_votes;
                let candidate = remaining[slot];
                if effective_votes > best_votes * (1.0 + TOLERANCE) {
                    best_votes = effective_votes;
                    best = vec![candidate];
                } else if effective_votes >= best_votes * (1.0 - TOLERANCE) {
                    best.push(candidate);
                }
                slot += 1;
            }
            let Some(winner) = best
                .into_iter()
                .min_by_key(|candidate| self.tie_rank[candidate.project])
            else {
                return funded;
            };
            let share = self.costs_f64[winner.project] / winner.effective_votes;
            for &group in &self.supporters[winner.project] {
                let left = &mut groups[group as usize].money;
                *left = if *left > share { *left - share } else { 0.0 };
            }
            remaining.retain(|candidate| candidate.project != winner.project);
            funded.push(winner.project);
        }
    }

    /// Cost ÷ the equal share each supporter pays, or `None` when together they cannot pay.
    ///
    /// A supporter who cannot pay the share pays all they have, and the others' share grows to
    /// cover it. The share is the least ρ with `Σ min(money, ρ) = cost`, found from below: start
    /// with cost ÷ supporters, let everyone with less than ρ pay all they have, share the rest
    /// among the others, and repeat until no one else falls below ρ. Each pass only adds
    /// supporters who pay all, so it ends, usually after a few passes and without sorting.
    ///
    /// Only supporters who have already paid for something can fall short: an affordable share
    /// is at most what the richest supporter has, which is at most the starting endowment. So the
    /// first pass, which adds up everyone's money, copies the money of those who have paid into
    /// `spent` (which is scratch space), and the later passes read only that.
    fn effective_votes(
        &self,
        project: usize,
        groups: &[Group],
        endowment: f64,
        spent: &mut Vec<Group>,
    ) -> Option<f64> {
        let cost = self.costs_f64[project];
        let supporters = &self.supporters[project];
        let everyone = self.supporter_counts[project];
        spent.clear();
        let mut behind = 0.0;
        for &group in supporters {
            let group = groups[group as usize];
            behind += group.money * group.weight;
            if group.money < endowment {
                spent.push(group);
            }
        }
        if behind < cost * (1.0 - TOLERANCE) {
            return None;
        }
        let mut share = cost / everyone;
        let mut short_count = 0.0;
        loop {
            let (short_money, now_short_count) = short_of(spent, share);
            // The set of those short only grows (exactly), so a count that does not grow means
            // it is settled; taking a smaller count for settled too keeps rounding from looping.
            if now_short_count <= short_count {
                return Some(cost / share);
            }
            short_count = now_short_count;
            let payers = everyone - short_count;
            if payers < 0.5 {
                // Within rounding, everyone pays all they have; the richest pays the most.
                let richest = spent.iter().map(|group| group.money).fold(0.0, f64::max);
                return (richest > 0.0).then(|| cost / richest);
            }
            share = (cost - short_money) / payers;
        }
    }

    /// Projects equal shares can fund at all: they cost something and someone supports them.
    fn is_fundable(&self, project: usize) -> bool {
        self.costs[project] > 0 && !self.supporters[project].is_empty()
    }

    fn cost_of(&self, projects: &[usize]) -> u128 {
        projects.iter().fold(0u128, |sum, &project| {
            sum.saturating_add(self.costs[project])
        })
    }

    /// True when no unfunded project fits in the money left.
    fn is_exhaustive(&self, funded: &[usize], spent: u128) -> bool {
        let left = self.budget.saturating_sub(spent);
        (0..self.costs.len()).all(|project| funded.contains(&project) || self.costs[project] > left)
    }
}

/// The money and the number of the voters in `spent` who have less than `share`.
///
/// This loop is most of the time equal shares takes. Four running sums instead of one let the
/// processor add four numbers at once instead of waiting for each addition, and choosing the
/// weight instead of branching avoids guessing, since who falls short follows no pattern. The
/// count is of whole voters and so exact in any order; the money differs only in rounding.
fn short_of(spent: &[Group], share: f64) -> (f64, f64) {
    let mut money = [0.0; 4];
    let mut count = [0.0; 4];
    let chunks = spent.chunks_exact(4);
    let rest = chunks.remainder();
    for chunk in chunks {
        for lane in 0..4 {
            let group = chunk[lane];
            let weight = if group.money < share {
                group.weight
            } else {
                0.0
            };
            money[lane] += group.money * weight;
            count[lane] += weight;
        }
    }
    for group in rest {
        let weight = if group.money < share {
            group.weight
        } else {
            0.0
        };
        money[0] += group.money * weight;
        count[0] += weight;
    }
    (money.iter().sum(), count.iter().sum())
}
