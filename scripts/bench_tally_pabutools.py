"""The peer for `./linli bench`'s tally rows: pabutools (PyPI, the research reference for
participatory-budgeting rules) on the same .pb file, timed the same way as Linli's `tally`
(reading the file, then counting), median of N runs. Prints one JSON line per rule:
{"rule", "read_ms", "count_ms", "winners": [...], "how"}.

Pabulib's rules in pabutools' terms:
- greedy: greedy_utilitarian_welfare with Cost_Sat (density = cost * approvals / cost = approvals,
  so projects go by their number of votes, skipping those that no longer fit).
- greedy-no-skip: pabutools has no such rule; the same scores, stopping at the first project that
  does not fit (a loop over pabutools' own satisfaction totals).
- greedy-threshold: pabutools has no threshold; projects under META
  min_project_score_threshold are removed, then greedy as above.
- equalshares/add1: method_of_equal_shares with Cost_Sat and voter_budget_increment=1 (the
  "add1" completion: every voter's budget grows by 1 until the outcome is exhaustive).
"""

import json
import statistics
import sys
import time

from pabutools.election import Cost_Sat, Instance, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import lexico_tie_breaking


def greedy(instance, profile, meta):
    return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)


def votes_of(instance, profile):
    sat = profile.as_sat_profile(Cost_Sat)
    return {p: sat.total_satisfaction_project(p) / p.cost if p.cost else 0 for p in instance}


def ordered(instance, profile):
    scores = votes_of(instance, profile)
    projects = lexico_tie_breaking.order(instance, profile, sorted(instance))
    return sorted(projects, key=lambda p: (-scores[p], projects.index(p))), scores


def greedy_no_skip(instance, profile, meta):
    chosen, left = [], instance.budget_limit
    for project in ordered(instance, profile)[0]:
        if project.cost > left:
            break
        chosen.append(project)
        left -= project.cost
    return chosen


def greedy_threshold(instance, profile, meta):
    threshold = float(meta.get("min_project_score_threshold", 0) or 0)
    scores = votes_of(instance, profile)
    kept = Instance(
        [p for p in instance if scores[p] >= threshold], budget_limit=instance.budget_limit
    )
    return greedy_utilitarian_welfare(kept, profile, sat_class=Cost_Sat)


def equal_shares_add1(instance, profile, meta):
    return method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
    )


RULES = {
    "greedy": (greedy, "greedy_utilitarian_welfare(sat_class=Cost_Sat)"),
    "greedy-no-skip": (greedy_no_skip, "Cost_Sat scores, stop at the first misfit (emulated)"),
    "greedy-threshold": (greedy_threshold, "threshold filter + greedy_utilitarian_welfare (emulated)"),
    "equalshares/add1": (equal_shares_add1, "method_of_equal_shares(Cost_Sat, voter_budget_increment=1)"),
}


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    rules = sys.argv[3:] or list(RULES)
    read_times, parsed = [], None
    for _ in range(runs):
        started = time.perf_counter()
        parsed = parse_pabulib(path)
        read_times.append((time.perf_counter() - started) * 1000)
    instance, profile = parsed
    meta = instance.meta
    for rule in rules:
        function, how = RULES[rule]
        times, winners = [], None
        for _ in range(runs):
            started = time.perf_counter()
            outcome = function(instance, profile, meta)
            times.append((time.perf_counter() - started) * 1000)
            winners = sorted(str(p.name) for p in outcome)
        print(
            json.dumps(
                {
                    "rule": rule,
                    "read_ms": statistics.median(read_times),
                    "count_ms": statistics.median(times),
                    "winners": winners,
                    "how": how,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
