//! One-time voting codes (投票码): 11 random characters and a check character, printed one per
//! household and typed or scanned once.
//!
//! The alphabet has 31 characters, the digits 2–9 and the capital letters without I, L and O, so
//! nothing on the sheet can be read as 0, O, 1, I or L. Because 31 is prime, a weighted sum
//! modulo 31 makes a good check: position `i` (from 0, the check character last) weighs `i + 1`,
//! and a code is valid when `Σ (i + 1) · value(i) ≡ 0 (mod 31)`. A single wrong character changes
//! the sum by `(i + 1) · d` with `0 < |d| < 31`, and swapping two different characters at
//! positions `i` and `j` changes it by `(j − i) · (a − b)`: neither is a multiple of 31, so every
//! single typo and every transposition (adjacent or not) is caught before the code is sent.
//!
//! Codes are read case-insensitively, ignoring spaces and hyphens, and printed in groups of four
//! (`ABCD-EFGH-JKM7`).

use std::fmt;

/// The characters a code is made of, in the order of their values.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Random characters in a code.
pub const PAYLOAD_LEN: usize = 11;
/// Characters in a code, the check character included.
pub const CODE_LEN: usize = PAYLOAD_LEN + 1;

const MODULUS: u32 = 31;

/// A well-formed voting code: 12 characters of [`ALPHABET`] whose check character is right.
/// Whether the server issued it is another question.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VotingCode(String);

/// Why a text is not a voting code, in the order a person can fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VotingCodeError {
    Empty,
    /// A character that is not in the alphabet (position counts from 1, spaces and hyphens left out).
    BadCharacter {
        character: char,
        position: usize,
    },
    WrongLength {
        found: usize,
    },
    /// Every character is allowed, but the check character does not match: a typo.
    CheckFailed,
}

impl fmt::Display for VotingCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VotingCodeError::Empty => write!(f, "no voting code entered"),
            VotingCodeError::BadCharacter {
                character,
                position,
            } => write!(
                f,
                "character {position} ({character:?}) never appears in a voting code"
            ),
            VotingCodeError::WrongLength { found } => write!(
                f,
                "a voting code has {CODE_LEN} characters, this one has {found}"
            ),
            VotingCodeError::CheckFailed => {
                write!(f, "the code has a typo: please check each character")
            }
        }
    }
}

impl std::error::Error for VotingCodeError {}

fn value(character: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&c| c == character)
        .map(|position| position as u32)
}

/// `Σ (i + 1) · value(i) mod 31` over characters already known to be in the alphabet.
fn weighted_sum(characters: &[u8]) -> u32 {
    characters
        .iter()
        .enumerate()
        .map(|(position, &c)| (position as u32 + 1) * value(c).unwrap_or(0))
        .sum::<u32>()
        % MODULUS
}

/// Upper-cased characters with spaces and hyphens removed, or the first one outside the alphabet.
fn normalise(text: &str) -> Result<Vec<u8>, VotingCodeError> {
    let mut characters = Vec::with_capacity(CODE_LEN);
    for character in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let upper = character.to_ascii_uppercase();
        if !upper.is_ascii() || value(upper as u8).is_none() {
            return Err(VotingCodeError::BadCharacter {
                character,
                position: characters.len() + 1,
            });
        }
        characters.push(upper as u8);
    }
    if characters.is_empty() {
        return Err(VotingCodeError::Empty);
    }
    Ok(characters)
}

impl VotingCode {
    /// Reads a code as printed or typed: any case, spaces and hyphens anywhere.
    pub fn parse(text: &str) -> Result<VotingCode, VotingCodeError> {
        let characters = normalise(text)?;
        if characters.len() != CODE_LEN {
            return Err(VotingCodeError::WrongLength {
                found: characters.len(),
            });
        }
        if weighted_sum(&characters) != 0 {
            return Err(VotingCodeError::CheckFailed);
        }
        Ok(VotingCode(String::from_utf8(characters).expect("ASCII")))
    }

    /// Completes [`PAYLOAD_LEN`] alphabet characters (the random part) with their check character.
    pub fn from_payload(payload: &str) -> Result<VotingCode, VotingCodeError> {
        let mut characters = normalise(payload)?;
        if characters.len() != PAYLOAD_LEN {
            return Err(VotingCodeError::WrongLength {
                found: characters.len(),
            });
        }
        // The check character c must make S + CODE_LEN · c ≡ 0; CODE_LEN is invertible mod 31.
        let sum = weighted_sum(&characters);
        let inverse = (1..MODULUS)
            .find(|x| x * CODE_LEN as u32 % MODULUS == 1)
            .expect("31 is prime");
        let check = (MODULUS - sum) % MODULUS * inverse % MODULUS;
        characters.push(ALPHABET[check as usize]);
        Ok(VotingCode(String::from_utf8(characters).expect("ASCII")))
    }

    /// The 12 characters without separators: what the server hashes.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Groups of four joined by hyphens, for print: `ABCD-EFGH-JKM7`.
    pub fn grouped(&self) -> String {
        grouped_by_four(self.0.as_bytes())
    }
}

/// Characters of [`ALPHABET`] in groups of four joined by hyphens (`ABCD-EFGH-JKM7`), as codes and
/// receipts are printed.
pub fn grouped_by_four(characters: &[u8]) -> String {
    characters
        .chunks(4)
        .map(|group| std::str::from_utf8(group).expect("ASCII"))
        .collect::<Vec<_>>()
        .join("-")
}

impl fmt::Display for VotingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// Never prints the code itself, so a code cannot leak into a log through `{:?}`.
impl fmt::Debug for VotingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VotingCode(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOADS: [&str; 4] = ["23456789ABC", "ZZZZZZZZZZZ", "22222222222", "HJKMNPQRSTU"];

    fn check(input: &str, expected: Result<&str, VotingCodeError>) {
        assert_eq!(
            VotingCode::parse(input).map(|code| code.grouped()),
            expected.map(str::to_owned),
            "{input:?}"
        );
    }

    fn valid(payload: &str) -> String {
        VotingCode::from_payload(payload)
            .unwrap()
            .as_str()
            .to_owned()
    }

    #[test]
    fn the_alphabet_has_no_look_alikes_and_no_repeats() {
        for banned in b"01ILO" {
            assert!(!ALPHABET.contains(banned), "{}", *banned as char);
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
    }

    #[test]
    fn codes_parse_in_any_case_with_spaces_and_hyphens() {
        let code = valid("23456789ABC");
        let grouped = VotingCode::parse(&code).unwrap().grouped();
        assert_eq!(grouped.len(), CODE_LEN + 2);
        assert_eq!(&grouped[..5], "2345-");
        let spaced = format!(" {} {} {} ", &code[..4], &code[4..8], &code[8..]);
        let cases: Vec<(String, Result<&str, VotingCodeError>)> = vec![
            (code.clone(), Ok(&grouped)),
            (code.to_lowercase(), Ok(&grouped)),
            (grouped.clone(), Ok(&grouped)),
            (spaced, Ok(&grouped)),
            ("".into(), Err(VotingCodeError::Empty)),
            (" - ".into(), Err(VotingCodeError::Empty)),
            (
                format!("{}0", &code[..11]),
                Err(VotingCodeError::BadCharacter {
                    character: '0',
                    position: 12,
                }),
            ),
            (
                "o".into(),
                Err(VotingCodeError::BadCharacter {
                    character: 'o',
                    position: 1,
                }),
            ),
            (
                "23l".into(),
                Err(VotingCodeError::BadCharacter {
                    character: 'l',
                    position: 3,
                }),
            ),
            (
                "码".into(),
                Err(VotingCodeError::BadCharacter {
                    character: '码',
                    position: 1,
                }),
            ),
            (
                code[..11].into(),
                Err(VotingCodeError::WrongLength { found: 11 }),
            ),
            (
                format!("{code}2"),
                Err(VotingCodeError::WrongLength { found: 13 }),
            ),
        ];
        for (input, expected) in cases {
            check(&input, expected);
        }
    }

    #[test]
    fn every_single_character_substitution_is_caught() {
        for payload in PAYLOADS {
            let code = valid(payload);
            assert!(VotingCode::parse(&code).is_ok());
            for position in 0..CODE_LEN {
                for &replacement in ALPHABET {
                    let mut typo = code.clone().into_bytes();
                    if typo[position] == replacement {
                        continue;
                    }
                    typo[position] = replacement;
                    let typo = String::from_utf8(typo).unwrap();
                    assert_eq!(
                        VotingCode::parse(&typo),
                        Err(VotingCodeError::CheckFailed),
                        "{code} → {typo}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_transposition_of_two_different_characters_is_caught() {
        for payload in PAYLOADS {
            let code = valid(payload).into_bytes();
            for i in 0..CODE_LEN {
                for j in i + 1..CODE_LEN {
                    if code[i] == code[j] {
                        continue;
                    }
                    let mut swapped = code.clone();
                    swapped.swap(i, j);
                    let swapped = String::from_utf8(swapped).unwrap();
                    assert_eq!(
                        VotingCode::parse(&swapped),
                        Err(VotingCodeError::CheckFailed),
                        "positions {i} and {j}: {swapped}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_payload_must_be_eleven_alphabet_characters() {
        assert_eq!(
            VotingCode::from_payload("2345"),
            Err(VotingCodeError::WrongLength { found: 4 })
        );
        assert_eq!(
            VotingCode::from_payload("23456789AB1"),
            Err(VotingCodeError::BadCharacter {
                character: '1',
                position: 11
            })
        );
    }

    #[test]
    fn debug_output_hides_the_code() {
        let code = VotingCode::parse(&valid("23456789ABC")).unwrap();
        assert_eq!(format!("{code:?}"), "VotingCode(..)");
    }
}
