//! Which OpenStreetMap ways a pedestrian may walk along, judged from their tags.

/// Highway classes open to walkers unless a tag says otherwise. Pedestrians ignore `oneway`,
/// so one-way streets are here like any other.
const WALKABLE_BY_DEFAULT: &[&str] = &[
    "footway",
    "path",
    "pedestrian",
    "steps",
    "living_street",
    "residential",
    "service",
    "unclassified",
    "tertiary",
    "tertiary_link",
    "secondary",
    "secondary_link",
    "primary",
    "primary_link",
    "track",
    "cycleway",
    // A few mappers tag a crossing's way itself (rather than `footway=crossing`); it is walked.
    "crossing",
];

/// Ways that are not (or not yet, or no longer) there: no tag makes them walkable.
const NOT_BUILT: &[&str] = &[
    "construction",
    "proposed",
    "planned",
    "abandoned",
    "disused",
    "razed",
];

/// `foot` values that open a way to walkers whatever its class or general access.
const FOOT_ALLOWED: &[&str] = &["yes", "designated", "permissive"];

/// `foot` values that close a way to walkers.
const FOOT_FORBIDDEN: &[&str] = &["no", "private"];

/// General `access` values that close a way, unless `foot` opens it again.
const ACCESS_FORBIDDEN: &[&str] = &["no", "private"];

/// The tags the decision reads; the rest of a way's tags do not matter to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct DecidingTags<'a> {
    highway: Option<&'a str>,
    foot: Option<&'a str>,
    access: Option<&'a str>,
    area: Option<&'a str>,
}

/// Whether a way with these tags is part of the walking network: a walkable highway class (a
/// motorway or trunk only with an explicit `foot=yes`), not closed by `foot` or `access`, not an
/// area's outline and not under construction or merely proposed.
pub fn is_walkable<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
    let mut deciding = DecidingTags::default();
    for (key, value) in tags {
        match key {
            "highway" => deciding.highway = Some(value),
            "foot" => deciding.foot = Some(value),
            "access" => deciding.access = Some(value),
            "area" => deciding.area = Some(value),
            _ => {}
        }
    }
    let Some(highway) = deciding.highway else {
        return false;
    };
    let foot_allowed = deciding
        .foot
        .is_some_and(|foot| FOOT_ALLOWED.contains(&foot));
    let foot_forbidden = deciding
        .foot
        .is_some_and(|foot| FOOT_FORBIDDEN.contains(&foot));
    let access_forbidden = deciding
        .access
        .is_some_and(|access| ACCESS_FORBIDDEN.contains(&access));
    // A pedestrian square's outline is not a path along its edge; walking across areas is not
    // modelled, so the outline is left out rather than pretending.
    let is_area = deciding.area == Some("yes");

    if NOT_BUILT.contains(&highway) || is_area || foot_forbidden {
        return false;
    }
    if access_forbidden && !foot_allowed {
        return false;
    }
    WALKABLE_BY_DEFAULT.contains(&highway) || foot_allowed
}

/// Whether a way is one-way for vehicles. The importer ignores it (pedestrians walk both ways);
/// it is kept so tests and reports can find such streets.
pub fn is_oneway<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
    tags.into_iter()
        .any(|(key, value)| key == "oneway" && ["yes", "1", "-1", "true"].contains(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(tags: &[(&str, &str)], expected: bool) {
        assert_eq!(is_walkable(tags.iter().copied()), expected, "{tags:?}");
    }

    #[test]
    fn walkable_classes_and_their_exceptions() {
        check(&[("highway", "footway")], true);
        check(&[("highway", "footway"), ("footway", "crossing")], true);
        check(&[("highway", "steps")], true);
        check(&[("highway", "residential"), ("oneway", "yes")], true);
        check(&[("highway", "primary_link")], true);
        check(&[("highway", "cycleway")], true);
        check(&[("highway", "cycleway"), ("foot", "no")], false);
        check(&[("highway", "service"), ("access", "private")], false);
        check(
            &[
                ("highway", "service"),
                ("access", "private"),
                ("foot", "yes"),
            ],
            true,
        );
        check(&[("highway", "path"), ("foot", "private")], false);
        check(&[("highway", "pedestrian"), ("area", "yes")], false);
        check(&[("highway", "pedestrian"), ("area", "no")], true);
        check(&[("highway", "construction")], false);
        check(&[("highway", "construction"), ("foot", "yes")], false);
        check(&[("highway", "proposed")], false);
        check(&[("highway", "motorway")], false);
        check(&[("highway", "trunk")], false);
        check(&[("highway", "trunk"), ("foot", "yes")], true);
        check(&[("highway", "bridleway")], false);
        check(&[("highway", "bridleway"), ("foot", "designated")], true);
        check(&[("building", "yes")], false);
        check(&[], false);
    }

    #[test]
    fn one_way_is_read_but_never_stops_a_walker() {
        let tags = [("highway", "residential"), ("oneway", "yes")];
        assert!(is_oneway(tags));
        assert!(is_walkable(tags));
        assert!(!is_oneway([("highway", "residential"), ("oneway", "no")]));
    }
}
