//! A shapefile's `.prj`: the one place its coordinate system is written. Linli stores longitude
//! and latitude, so a projected file (metres on a Gauss-Krüger strip, as Chinese surveys deliver)
//! is refused by name instead of being imported as points off the edge of the world.

use crate::error::ReadError;

/// What Linli writes: WGS 84 as ArcGIS, QGIS and GDAL all read it.
pub(crate) const WGS84_WKT: &str = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

/// Accepts a geographic coordinate system (WKT 1 `GEOGCS`, or WKT 2 `GEOGCRS`), refuses a
/// projected one (`PROJCS`, `PROJCRS`) naming it, and anything else as unknown.
pub(crate) fn check(prj: &[u8]) -> Result<(), ReadError> {
    let text = String::from_utf8_lossy(prj);
    let wkt = text.trim_start_matches('\u{FEFF}').trim();
    let keyword: String = wkt
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    match keyword.as_str() {
        "GEOGCS" | "GEOGCRS" => Ok(()),
        "PROJCS" | "PROJCRS" => Err(ReadError::ProjectedCrs {
            name: quoted_name(wkt).unwrap_or_else(|| keyword.clone()),
        }),
        _ => Err(ReadError::UnknownCrs {
            start: wkt.chars().take(40).collect(),
        }),
    }
}

/// The name in `KEYWORD["name", …`.
fn quoted_name(wkt: &str) -> Option<String> {
    let after_bracket = wkt.split_once(['[', '('])?.1.trim_start();
    let name = after_bracket.strip_prefix('"')?.split('"').next()?;
    Some(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{WGS84_WKT, check};

    fn check_code(prj: &str, expected: Result<(), &str>) {
        assert_eq!(
            check(prj.as_bytes()).map_err(|error| error.code()),
            expected,
            "{prj}"
        );
    }

    #[test]
    fn geographic_is_accepted_and_projected_is_named() {
        check_code(WGS84_WKT, Ok(()));
        check_code(
            "\u{FEFF} GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\"]]",
            Ok(()),
        );
        check_code("GEOGCRS[\"CGCS2000\",DATUM[\"China 2000\"]]", Ok(()));
        check_code(
            "PROJCS[\"CGCS2000_3_Degree_GK_CM_117E\",GEOGCS[\"GCS_China_2000\"]]",
            Err("projected_crs"),
        );
        check_code("", Err("unknown_crs"));
        check_code("GEOCCS[\"WGS 84 geocentric\"]", Err("unknown_crs"));
        let error =
            check(b"PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 117E\",GEOGCS[]]").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("(CGCS2000 / 3-degree Gauss-Kruger CM 117E)")
        );
    }
}
