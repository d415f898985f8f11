//! Which community a position belongs to: the one with a building nearest to it, as long as that
//! building is within [`NEAREST_LIMIT_M`]. The map's "my position" starts there, and a report
//! filed at the phone's position goes to that community's committee. Further away than that, the
//! position is in no community Linli has data for: the page says so, and the report is the
//! district's.

use super::GeoPoint;

/// How far (straight line, metres) a position may be from the nearest building of a community and
/// still start a walk there: a 15-minute walk at the standard pace (1.2 m/s × 900 s ≈ 1,080 m),
/// rounded down. From further away no service of the community is within the circle anyway.
pub const NEAREST_LIMIT_M: f64 = 1000.0;

/// The nearest community to `position`, by its nearest building.
#[derive(Clone, Debug, PartialEq)]
pub enum Nearest {
    /// Within the limit: start there.
    Within { community: String, metres: f64 },
    /// Every community is further than the limit; the nearest is this far.
    TooFar { metres: f64 },
    /// No community has a building with a position.
    Nothing,
}

/// `communities`: each community's id and its buildings' positions.
pub fn nearest_community<'a>(
    position: GeoPoint,
    communities: impl IntoIterator<Item = (&'a str, &'a [GeoPoint])>,
) -> Nearest {
    let mut best: Option<(&str, f64)> = None;
    for (id, buildings) in communities {
        for building in buildings {
            let metres = position.metres_to(*building);
            if best.is_none_or(|(_, known)| metres < known) {
                best = Some((id, metres));
            }
        }
    }
    match best {
        None => Nearest::Nothing,
        Some((id, metres)) if metres <= NEAREST_LIMIT_M => Nearest::Within {
            community: id.to_owned(),
            metres,
        },
        Some((_, metres)) => Nearest::TooFar { metres },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn the_community_with_the_nearest_building_wins_within_the_limit_only() {
        let north = [at(39.910, 116.650), at(39.912, 116.652)];
        let south = [at(39.900, 116.650)];
        let communities = || [("north", &north[..]), ("south", &south[..])];
        // 0.0015° of latitude south of the second northern building, 0.0085° north of the southern.
        match nearest_community(at(39.9105, 116.652), communities()) {
            Nearest::Within { community, metres } => {
                assert_eq!(community, "north");
                assert!((150.0..200.0).contains(&metres), "{metres}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            nearest_community(at(39.9012, 116.650), communities()),
            Nearest::Within { community, .. } if community == "south"
        ));
        // About 1.1 km south of the southern building: outside every community.
        match nearest_community(at(39.890, 116.650), communities()) {
            Nearest::TooFar { metres } => assert!((1100.0..1120.0).contains(&metres), "{metres}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(nearest_community(at(39.9, 116.65), []), Nearest::Nothing);
    }
}
