-- A district's own places. The district itself (its GB/T 2260 code, names and bounds) is a
-- deployment's setting, no longer the code's; streets and towns become records of their own,
-- with communities under them; maintainer units become records that components name, so a
-- unit's phone changes in one place; a community can be archived and a component retired, both
-- keeping their history; and every row the sample loaded says so, so it can all be removed at
-- once.

-- Before this migration only the Tongzhou sample could fill a database.
INSERT INTO settings (key, value)
SELECT key, value FROM (
    SELECT 'district_code' AS key, '110112' AS value
    UNION ALL SELECT 'district_name_zh', '通州区'
    UNION ALL SELECT 'district_name_en', 'Tongzhou District'
    UNION ALL SELECT 'district_bounds', '[116.5,39.58,116.97,40.06]'
)
WHERE EXISTS (SELECT 1 FROM communities);

CREATE TABLE streets (
    id          TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    -- A GeoJSON Polygon or MultiPolygon geometry in WGS-84, when the district has one.
    boundary    TEXT,
    archived_at TEXT,
    sample_data INTEGER NOT NULL DEFAULT 0 CHECK (sample_data IN (0, 1))
) STRICT;

INSERT INTO streets (id, name_zh, name_en, sample_data)
SELECT 'street-' || row_number() OVER (ORDER BY min(rowid)), street_zh, street_en,
       coalesce((SELECT value = 'true' FROM settings WHERE key = 'sample_data'), 0)
FROM communities GROUP BY street_zh, street_en;

ALTER TABLE communities ADD COLUMN street_id TEXT REFERENCES streets(id);
UPDATE communities SET street_id =
    (SELECT s.id FROM streets s WHERE s.name_zh = street_zh AND s.name_en = street_en);
ALTER TABLE communities DROP COLUMN street_zh;
ALTER TABLE communities DROP COLUMN street_en;
ALTER TABLE communities ADD COLUMN boundary TEXT;
ALTER TABLE communities ADD COLUMN archived_at TEXT;
ALTER TABLE communities ADD COLUMN sample_data INTEGER NOT NULL DEFAULT 0
    CHECK (sample_data IN (0, 1));
UPDATE communities SET sample_data =
    coalesce((SELECT value = 'true' FROM settings WHERE key = 'sample_data'), 0);
CREATE INDEX communities_by_street ON communities(street_id);

-- 养护单位 / 权属单位. `classes`: a JSON array of GB/T 30428 class keys (major class and
-- subclass, e.g. "0110" street lights); `communities`: a JSON array of community ids, empty for
-- the whole district.
CREATE TABLE maintainer_units (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    classes     TEXT NOT NULL DEFAULT '[]',
    communities TEXT NOT NULL DEFAULT '[]',
    archived_at TEXT,
    sample_data INTEGER NOT NULL DEFAULT 0 CHECK (sample_data IN (0, 1))
) STRICT;

INSERT INTO maintainer_units (id, name, phone, classes, sample_data)
SELECT 'unit-' || row_number() OVER (ORDER BY min(rowid)), maintainer_unit, maintainer_phone,
       (SELECT json_group_array(key) FROM
            (SELECT DISTINCT substr(k.code, 7, 4) AS key FROM components k
             WHERE k.maintainer_unit = components.maintainer_unit
               AND k.maintainer_phone = components.maintainer_phone ORDER BY key)),
       max(sample_data)
FROM components GROUP BY maintainer_unit, maintainer_phone;

ALTER TABLE components ADD COLUMN unit_id TEXT REFERENCES maintainer_units(id);
UPDATE components SET unit_id =
    (SELECT u.id FROM maintainer_units u
     WHERE u.name = maintainer_unit AND u.phone = maintainer_phone);
ALTER TABLE components DROP COLUMN maintainer_unit;
ALTER TABLE components DROP COLUMN maintainer_phone;
-- Set when the plate was removed: the component's page says so, its reports stay.
ALTER TABLE components ADD COLUMN retired_at TEXT;
CREATE INDEX components_by_unit ON components(unit_id);

ALTER TABLE buildings ADD COLUMN sample_data INTEGER NOT NULL DEFAULT 0
    CHECK (sample_data IN (0, 1));
ALTER TABLE service_points ADD COLUMN sample_data INTEGER NOT NULL DEFAULT 0
    CHECK (sample_data IN (0, 1));
UPDATE buildings SET sample_data =
    coalesce((SELECT value = 'true' FROM settings WHERE key = 'sample_data'), 0);
UPDATE service_points SET sample_data =
    coalesce((SELECT value = 'true' FROM settings WHERE key = 'sample_data'), 0);
