//! The official outcome of one project, as the PROJECTS `selected` column records it, and what
//! its values mean in the Pabulib corpus.

/// A project's official outcome, as the PROJECTS `selected` column records it.
///
/// Pabulib writes `1` for a project the declared rule funded and `0` for one it did not. Its
/// format page adds that a project "selected for another reason" gets a special value, `2`,
/// explained in META `comment`, and its checker accepts `0` to `3`. In the corpus, Poznań's
/// `greedy-custom` files say what they mean: `2` for a project funded because the money left
/// covered at least 80% of its cost (the city's reserve paying the rest), `3` for one funded later
/// from extra money given to the district; Gdynia and Katowice files use `2` with no comment, for
/// a project funded beyond what the rule gives (Katowice: one below the score threshold). So
/// `2` and `3` are kept as recorded, counted as funded, and never as the rule's winners: a tally
/// reproduces the projects marked `1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selected {
    /// `0`: not funded.
    No,
    /// `1`: funded by the declared rule.
    ByRule,
    /// `2` or `3`: funded for another reason, which META `comment` may explain.
    Otherwise(OtherFunding),
}

/// The two values Pabulib uses for a project funded outside its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OtherFunding {
    /// `2`: in Poznań, the money left covered at least 80% of its cost; elsewhere, any reason.
    Two,
    /// `3`: in Poznań, funded from extra money given to the district after the count.
    Three,
}

impl Selected {
    /// Reads `0`, `1`, `2` or `3`.
    pub fn from_code(text: &str) -> Option<Selected> {
        match text.trim() {
            "0" => Some(Selected::No),
            "1" => Some(Selected::ByRule),
            "2" => Some(Selected::Otherwise(OtherFunding::Two)),
            "3" => Some(Selected::Otherwise(OtherFunding::Three)),
            _ => None,
        }
    }

    /// The value written in the file.
    pub fn code(self) -> &'static str {
        match self {
            Selected::No => "0",
            Selected::ByRule => "1",
            Selected::Otherwise(OtherFunding::Two) => "2",
            Selected::Otherwise(OtherFunding::Three) => "3",
        }
    }

    /// True when the project was funded, by the rule or otherwise.
    pub fn funded(self) -> bool {
        self != Selected::No
    }
}
