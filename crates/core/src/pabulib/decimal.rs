//! Exact decimal amounts as `.pb` files write costs, budgets and thresholds (`400000`,
//! `400000.0`, `1250.50`), so that money is compared and added without rounding.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// At most this many digits after the decimal point: cents need two, and no currency needs nine.
const MAX_FRACTION_DIGITS: u32 = 9;
/// At most this many digits before the decimal point: a quintillion of any currency is enough, and
/// the bound keeps every sum of amounts far inside `u128`.
const MAX_INTEGER_DIGITS: usize = 18;

/// An exact non-negative decimal number.
///
/// Stored as `digits / 10^scale` with no trailing zeros after the point, so `400000.0` and
/// `400000` are the same value and compare equal, and [`Decimal::is_integer`] is a plain check.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Decimal {
    digits: u128,
    scale: u32,
}

/// What is wrong with a text that was meant to be an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// Nothing was written.
    Empty,
    /// A minus sign: costs, budgets and thresholds are never negative.
    Negative,
    /// Something other than digits and one decimal point, such as `1e5` or `12,50`.
    NotANumber,
    /// More than nine digits after the point.
    TooManyDecimals,
    /// More than eighteen digits before the point.
    TooLarge,
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecimalError::Empty => write!(f, "no number is written"),
            DecimalError::Negative => write!(f, "it is negative"),
            DecimalError::NotANumber => {
                write!(
                    f,
                    "a number is written with digits and at most one '.', like 1250.50"
                )
            }
            DecimalError::TooManyDecimals => {
                write!(
                    f,
                    "it has more than {MAX_FRACTION_DIGITS} digits after the point"
                )
            }
            DecimalError::TooLarge => {
                write!(
                    f,
                    "it has more than {MAX_INTEGER_DIGITS} digits before the point"
                )
            }
        }
    }
}

impl std::error::Error for DecimalError {}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        digits: 0,
        scale: 0,
    };

    pub fn from_integer(value: u64) -> Decimal {
        Decimal {
            digits: u128::from(value),
            scale: 0,
        }
    }

    /// Reads `400000`, `400000.0` or `1250.50`; spaces around the number are ignored.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DecimalError::Empty);
        }
        if text.starts_with('-') {
            return Err(DecimalError::Negative);
        }
        let (integer, fraction) = match text.split_once('.') {
            Some((integer, fraction)) => (integer, fraction),
            None => (text, ""),
        };
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if integer.is_empty() || !all_digits(integer) || !all_digits(fraction) {
            return Err(DecimalError::NotANumber);
        }
        if text.ends_with('.') {
            return Err(DecimalError::NotANumber);
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > MAX_FRACTION_DIGITS as usize {
            return Err(DecimalError::TooManyDecimals);
        }
        if integer.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
            return Err(DecimalError::TooLarge);
        }
        // Both parts are short runs of ASCII digits, so the arithmetic below cannot overflow.
        let digits = integer
            .bytes()
            .chain(fraction.bytes())
            .fold(0u128, |value, digit| value * 10 + u128::from(digit - b'0'));
        Ok(Decimal {
            digits,
            scale: fraction.len() as u32,
        })
    }

    /// True when nothing follows the decimal point.
    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// How many digits follow the decimal point (0 for whole amounts).
    pub fn fraction_digits(self) -> u32 {
        self.scale
    }

    /// The value in units of `10^-fraction_digits`: `12.5` is 1250 at two fraction digits.
    /// `None` when `fraction_digits` is fewer than the value needs.
    pub fn units_at(self, fraction_digits: u32) -> Option<u128> {
        let extra = fraction_digits.checked_sub(self.scale)?;
        10u128
            .checked_pow(extra)
            .and_then(|factor| self.digits.checked_mul(factor))
    }

    /// The amount with `fraction_digits` digits after the point, from a count of such units.
    /// Digits beyond the ninth after the point are dropped, as no amount read from a file has them.
    pub fn from_units(units: u128, fraction_digits: u32) -> Decimal {
        let mut value = Decimal {
            digits: units,
            scale: fraction_digits,
        };
        while value.scale > MAX_FRACTION_DIGITS {
            value.digits /= 10;
            value.scale -= 1;
        }
        while value.scale > 0 && value.digits.is_multiple_of(10) {
            value.digits /= 10;
            value.scale -= 1;
        }
        value
    }

    /// The nearest `f64`, for arithmetic that need not be exact.
    pub fn to_f64(self) -> f64 {
        self.digits as f64 / 10f64.powi(self.scale as i32)
    }

    /// The exact sum, or `None` if it would not fit.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let sum = self.units_at(scale)?.checked_add(other.units_at(scale)?)?;
        Some(Decimal::from_units(sum, scale))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let scale = self.scale.max(other.scale);
        // Both values have at most 27 digits at a scale of at most 9, which fits u128.
        match (self.units_at(scale), other.units_at(scale)) {
            (Some(left), Some(right)) => left.cmp(&right),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(text: &str) -> Result<Decimal, DecimalError> {
        Decimal::parse(text)
    }
}

/// Writes the shortest exact form: `400000`, `1250.5`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.digits);
        }
        let factor = 10u128.pow(self.scale);
        write!(
            f,
            "{}.{:0width$}",
            self.digits / factor,
            self.digits % factor,
            width = self.scale as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<&str, DecimalError>) {
        let got = Decimal::parse(text).map(|value| value.to_string());
        assert_eq!(got, expected.map(str::to_string), "{text:?}");
    }

    #[test]
    fn reads_amounts_as_pabulib_writes_them() {
        check("400000", Ok("400000"));
        check("400000.0", Ok("400000"));
        check(" 1250.50 ", Ok("1250.5"));
        check("0.05", Ok("0.05"));
        check("007", Ok("7"));
        check("0", Ok("0"));
        check(
            "999999999999999999.999999999",
            Ok("999999999999999999.999999999"),
        );
        check("", Err(DecimalError::Empty));
        check("-5", Err(DecimalError::Negative));
        check("1e5", Err(DecimalError::NotANumber));
        check("12,50", Err(DecimalError::NotANumber));
        check("1.2.3", Err(DecimalError::NotANumber));
        check(".5", Err(DecimalError::NotANumber));
        check("5.", Err(DecimalError::NotANumber));
        check("+5", Err(DecimalError::NotANumber));
        check("0.0000000001", Err(DecimalError::TooManyDecimals));
        check("0.1000000000", Ok("0.1"));
        check("1000000000000000000", Err(DecimalError::TooLarge));
        check("٣", Err(DecimalError::NotANumber));
    }

    #[test]
    fn compares_and_adds_exactly() {
        let amount = |text: &str| Decimal::parse(text).expect("test amounts are valid");
        assert_eq!(amount("400000.0"), amount("400000"));
        assert!(amount("0.1") < amount("0.11"));
        assert!(amount("2") > amount("1.999999999"));
        assert_eq!(
            amount("0.1").checked_add(amount("0.2")),
            Some(amount("0.3"))
        );
        assert_eq!(amount("12.5").units_at(2), Some(1250));
        assert_eq!(amount("12.5").units_at(0), None);
        assert_eq!(Decimal::from_units(1250, 2), amount("12.5"));
        assert!(!amount("12.5").is_integer());
        assert!(amount("12.0").is_integer());
    }
}
