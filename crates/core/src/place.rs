//! The rules a district's places follow, shared by the committee pages and the imports: what an
//! id may be, what a name may be, and what makes a boundary usable. Each answers a sentence a
//! clerk can act on (Chinese, then English).

use crate::district::{Bounds, DistrictCode};

/// Polygons, each as rings of `[lon, lat]` (the first ring the outline, the rest holes): the
/// coordinates of a GeoJSON MultiPolygon.
pub type Polygons = Vec<Vec<Vec<[f64; 2]>>>;

/// The kinds of place that have ids of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// 街道/乡镇: a 9-digit township code after GB/T 10114.
    Street,
    /// 社区/村: a 12-digit code (统计用区划代码).
    Community,
    /// 养护单位: the district's own id.
    Unit,
}

impl PlaceKind {
    fn name_zh(self) -> &'static str {
        match self {
            PlaceKind::Street => "街道/乡镇",
            PlaceKind::Community => "社区/村",
            PlaceKind::Unit => "养护单位",
        }
    }

    fn name_en(self) -> &'static str {
        match self {
            PlaceKind::Street => "street or town",
            PlaceKind::Community => "community or village",
            PlaceKind::Unit => "maintainer unit",
        }
    }

    /// How many digits an all-digit id of this kind has: the official codes.
    fn code_digits(self) -> Option<usize> {
        match self {
            PlaceKind::Street => Some(9),
            PlaceKind::Community => Some(12),
            PlaceKind::Unit => None,
        }
    }
}

/// An id is 1–64 characters of `a-z 0-9 -` (it appears in paths). An all-digit id of a street or
/// community is its official code, so it must have that code's length and start with the
/// district's code.
pub fn check_id(kind: PlaceKind, id: &str, district: &DistrictCode) -> Result<(), String> {
    let (zh, en) = (kind.name_zh(), kind.name_en());
    let well_formed = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !well_formed {
        return Err(format!(
            "{zh}编号“{id}”只能用小写字母、数字和连字符，1 到 64 个字符。\
             A {en}'s id is 1 to 64 characters of a-z, 0-9 and '-', not “{id}”."
        ));
    }
    if let Some(digits) = kind.code_digits()
        && id.chars().all(|c| c.is_ascii_digit())
    {
        if id.len() != digits {
            return Err(format!(
                "{zh}代码应为 {digits} 位，{id} 是 {} 位。A {en}'s code has {digits} digits; {id} has {}.",
                id.len(),
                id.len()
            ));
        }
        if !id.starts_with(district.as_str()) {
            return Err(format!(
                "{zh}代码 {id} 不属于本区（应以 {district} 开头）。\
                 The {en} code {id} is not this district's (it should start with {district})."
            ));
        }
    }
    Ok(())
}

/// A place's name: 1–40 characters after trimming.
pub fn check_name(name: &str, what_zh: &str, what_en: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(format!(
            "{what_zh}为 1 到 40 个字。The {what_en} is 1 to 40 characters."
        ));
    }
    Ok(name.to_owned())
}

/// A boundary's polygons (rings of `[lon, lat]`, the first ring the outline): every ring closed,
/// of at least four positions, and every position inside the district's bounds.
pub fn check_boundary(polygons: &[&Vec<Vec<[f64; 2]>>], bounds: &Bounds) -> Result<(), String> {
    if polygons.is_empty() || polygons.iter().any(|rings| rings.is_empty()) {
        return Err("边界没有多边形。The boundary holds no polygon.".to_owned());
    }
    for ring in polygons.iter().flat_map(|rings| rings.iter()) {
        if ring.len() < 4 || ring.first() != ring.last() {
            return Err("边界的每个环至少 4 个点，且首尾相同。\
                 Every ring of a boundary has at least 4 positions and ends where it starts."
                .to_owned());
        }
        if let Some([lon, lat]) = ring.iter().find(|[lon, lat]| !bounds.contains(*lat, *lon)) {
            return Err(format!(
                "边界上的点（经度 {lon}，纬度 {lat}）在本区范围之外：经纬度是否写反了？\
                 A boundary position (lon {lon}, lat {lat}) lies outside the district: are \
                 longitude and latitude swapped?"
            ));
        }
    }
    Ok(())
}

/// A phone a resident can dial: 5 to 20 characters of digits, spaces, `-` and a leading `+`,
/// such as 010-89521846, 12345 or +86 138 0013 8000.
pub fn check_phone(phone: &str) -> Result<String, String> {
    let phone = phone.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || c == '-' || c == ' ' || (c == '+' && i == 0));
    if !allowed || !(5..=20).contains(&digits) {
        return Err(format!(
            "电话“{phone}”应为 5 到 20 位数字（可含空格和“-”），如 010-89521846。\
             The phone “{phone}” should be 5 to 20 digits (spaces and '-' allowed), e.g. 010-89521846."
        ));
    }
    Ok(phone.to_owned())
}

/// A GB/T 30428 class key: a major class (2 digits) or a subclass (4 digits), neither part 00.
pub fn check_class(key: &str) -> Result<(), String> {
    let digits = key.chars().all(|c| c.is_ascii_digit());
    let parts_set = key.len() >= 2 && &key[0..2] != "00" && (key.len() == 2 || &key[2..4] != "00");
    if !digits || !(key.len() == 2 || key.len() == 4) || !parts_set {
        return Err(format!(
            "部件类别“{key}”应为 2 位大类（如 01）或 4 位小类（如 0110）。\
             The class “{key}” should be a 2-digit major class (e.g. 01) or a 4-digit subclass (e.g. 0110)."
        ));
    }
    Ok(())
}

/// Whether a position lies inside polygons (even–odd rule over every ring, so holes are holes).
pub fn contains(polygons: &[&Vec<Vec<[f64; 2]>>], lat: f64, lon: f64) -> bool {
    polygons.iter().any(|rings| {
        let crossings = rings
            .iter()
            .map(|ring| {
                ring.windows(2)
                    .filter(|edge| {
                        let ([x1, y1], [x2, y2]) = (edge[0], edge[1]);
                        (y1 > lat) != (y2 > lat) && lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1
                    })
                    .count()
            })
            .sum::<usize>();
        crossings % 2 == 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::district::TONGZHOU_BOUNDS;

    fn tongzhou() -> DistrictCode {
        DistrictCode::parse("110112").unwrap()
    }

    #[test]
    fn an_official_code_must_be_the_districts_and_of_its_length() {
        assert!(check_id(PlaceKind::Street, "110112001", &tongzhou()).is_ok());
        assert!(check_id(PlaceKind::Community, "110112001001", &tongzhou()).is_ok());
        assert!(check_id(PlaceKind::Community, "beiyuan-jiayuan", &tongzhou()).is_ok());
        let wrong_county = check_id(PlaceKind::Street, "110105001", &tongzhou()).unwrap_err();
        assert!(wrong_county.contains("110112"), "{wrong_county}");
        let short = check_id(PlaceKind::Community, "110112001", &tongzhou()).unwrap_err();
        assert!(short.contains("12 digits"), "{short}");
        for bad in ["", "Beiyuan", "bei yuan", "北苑", &"a".repeat(65)] {
            assert!(
                check_id(PlaceKind::Unit, bad, &tongzhou()).is_err(),
                "{bad}"
            );
        }
    }

    fn square(west: f64, south: f64, side: f64) -> Vec<[f64; 2]> {
        vec![
            [west, south],
            [west + side, south],
            [west + side, south + side],
            [west, south + side],
            [west, south],
        ]
    }

    #[test]
    fn a_boundary_is_closed_rings_inside_the_district() {
        let good = vec![square(116.6, 39.9, 0.01)];
        assert!(check_boundary(&[&good], &TONGZHOU_BOUNDS).is_ok());
        let mut open = square(116.6, 39.9, 0.01);
        open.pop();
        assert!(check_boundary(&[&vec![open]], &TONGZHOU_BOUNDS).is_err());
        let swapped: Vec<Vec<[f64; 2]>> = vec![
            square(116.6, 39.9, 0.01)
                .iter()
                .map(|[a, b]| [*b, *a])
                .collect(),
        ];
        let message = check_boundary(&[&swapped], &TONGZHOU_BOUNDS).unwrap_err();
        assert!(message.contains("swapped"), "{message}");
    }

    #[test]
    fn a_hole_is_outside_its_polygon() {
        let with_hole = vec![square(116.6, 39.9, 0.03), square(116.61, 39.91, 0.01)];
        assert!(contains(&[&with_hole], 39.905, 116.605));
        assert!(!contains(&[&with_hole], 39.915, 116.615), "inside the hole");
        assert!(!contains(&[&with_hole], 39.95, 116.605), "outside");
    }
}
