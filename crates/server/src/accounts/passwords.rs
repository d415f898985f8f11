//! What a committee password must be, after NIST SP 800-63B: long enough, not one that everyone
//! tries first, and nothing else (no rules on character classes, no expiry). Offline, the
//! breached-password check is a short built-in list of the passwords most often found in leaks,
//! Chinese sites' among them; the length rule already rules out most of the rest.

use crate::AppError;

/// At least this many characters.
pub const MIN_CHARS: usize = 10;
/// At most this many: argon2 takes any length, but a longer one is a pasted file, not a password.
pub const MAX_CHARS: usize = 128;

/// Passwords of 10 characters or more that top the published leak lists (SplashData, NordPass,
/// the 2011 CSDN and 2015 NetEase leaks), lower-cased; and words that make one easy to guess here.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "123456789q",
    "1234567890a",
    "123123123123",
    "1111111111",
    "0000000000",
    "1qaz2wsx3edc",
    "qwertyuiop",
    "qwerty123456",
    "asdfghjkl;",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "zxcvbnm123",
    "password12",
    "password123",
    "password1234",
    "passw0rd123",
    "iloveyou123",
    "woaini1314",
    "woaini520520",
    "5201314520",
    "1314520520",
    "qq123456789",
    "aa123456789",
    "a123456789",
    "abc1234567",
    "abcd123456",
    "abcdefghij",
    "admin12345",
    "admin123456",
    "administrator",
    "welcome123",
    "dearbook123",
    "computer123",
    "11223344556",
    "147258369a",
    "1472583690",
    "9876543210",
    "0987654321",
    "987654321a",
    "linli12345",
    "linli123456",
    "tongzhou123",
    "beijing123",
    "beijing2008",
];

/// Refuses a password too short, too long, the same as its username, or on the common list.
pub(crate) fn check(username: &str, password: &str) -> Result<(), AppError> {
    let refuse = |message: String| AppError::Unprocessable {
        code: "weak_password",
        message,
    };
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(refuse(format!(
            "密码至少 {MIN_CHARS} 个字符。A password needs at least {MIN_CHARS} characters."
        )));
    }
    if chars > MAX_CHARS {
        return Err(refuse(format!(
            "密码最多 {MAX_CHARS} 个字符。A password is at most {MAX_CHARS} characters."
        )));
    }
    let lower = password.to_lowercase();
    if lower == username.trim().to_lowercase() {
        return Err(refuse(
            "密码不能与用户名相同。A password cannot be the username.".into(),
        ));
    }
    if COMMON.contains(&lower.as_str()) {
        return Err(refuse(
            "这个密码太常见，很容易被猜到，请换一个（可以用几个词组成的长句）。\
             This password is among the most common and easily guessed: choose another (a few \
             words make a good one)."
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(username: &str, password: &str) -> String {
        check(username, password).unwrap_err().parts().1.message
    }

    #[test]
    fn long_uncommon_passwords_pass_whatever_their_characters() {
        for good in [
            "correct horse battery",
            "邻里通州北苑家园社区",
            "zhang-password",
            "aaaaaaaaaab",
        ] {
            assert!(check("zhang", good).is_ok(), "{good}");
        }
    }

    #[test]
    fn short_long_common_and_own_name_passwords_are_refused_with_why() {
        assert!(refused("zhang", "short").contains("at least 10"));
        assert!(refused("zhang", &"x".repeat(129)).contains("at most 128"));
        assert!(refused("zhangsan123", "ZhangSan123").contains("cannot be the username"));
        assert!(refused("zhang", "Password123").contains("most common"));
        assert!(refused("zhang", "woaini1314").contains("most common"));
    }

    #[test]
    fn the_common_list_holds_only_what_the_length_rule_lets_through() {
        for common in COMMON {
            assert!(
                common.chars().count() >= MIN_CHARS,
                "{common} is refused anyway"
            );
            assert_eq!(
                *common,
                common.to_lowercase(),
                "{common} must be lower-case"
            );
        }
    }
}
