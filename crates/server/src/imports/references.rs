//! The communities, streets and units a file's rows name, matched against the stored ones. A
//! file may name them by id (code) or by name, as district exports do; a name two of them share
//! is refused with both ids, and an archived one cannot take new rows.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::AppError;

/// One table of named records: id → archived, name → ids.
pub(super) struct Named {
    what_zh: &'static str,
    what_en: &'static str,
    archived: HashMap<String, bool>,
    by_name: HashMap<String, Vec<String>>,
}

impl Named {
    fn load(
        c: &Connection,
        sql: &str,
        what_zh: &'static str,
        what_en: &'static str,
    ) -> Result<Named, AppError> {
        let mut named = Named {
            what_zh,
            what_en,
            archived: HashMap::new(),
            by_name: HashMap::new(),
        };
        let mut stmt = c.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name, archived): (String, String, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
            named.by_name.entry(name).or_default().push(id.clone());
            named.archived.insert(id, archived);
        }
        Ok(named)
    }

    pub(super) fn communities(c: &Connection) -> Result<Named, AppError> {
        Named::load(
            c,
            "SELECT id, name_zh, archived_at IS NOT NULL FROM communities",
            "社区/村",
            "community or village",
        )
    }

    pub(super) fn streets(c: &Connection) -> Result<Named, AppError> {
        Named::load(
            c,
            "SELECT id, name_zh, archived_at IS NOT NULL FROM streets",
            "街道/乡镇",
            "street or town",
        )
    }

    pub(super) fn units(c: &Connection) -> Result<Named, AppError> {
        Named::load(
            c,
            "SELECT id, name, archived_at IS NOT NULL FROM maintainer_units",
            "养护单位",
            "maintainer unit",
        )
    }

    /// The id a row's text means, or the sentence why it means none.
    pub(super) fn resolve(&self, written: &str) -> Result<String, String> {
        let (zh, en) = (self.what_zh, self.what_en);
        let id = match self.archived.contains_key(written) {
            true => written.to_owned(),
            false => match self.by_name.get(written).map(Vec::as_slice) {
                Some([one]) => one.clone(),
                Some(many) => {
                    let ids = many.join(", ");
                    return Err(format!(
                        "有几个{zh}都叫“{written}”（{ids}）：请写编号。\
                         Several {en}s are called “{written}” ({ids}): give the id."
                    ));
                }
                None => {
                    return Err(format!(
                        "没有叫“{written}”的{zh}：请先在“地点”页添加它。\
                         No {en} is called “{written}”: add it on the places page first."
                    ));
                }
            },
        };
        if self.archived[&id] {
            return Err(format!(
                "{zh} {id} 已归档，不能再导入。The {en} {id} is archived."
            ));
        }
        Ok(id)
    }
}
