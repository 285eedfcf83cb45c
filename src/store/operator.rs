//! Who is at the keyboard, for the change log and the scenarios' authors.

use std::sync::OnceLock;

/// The operating-system user's name: `USER`, `USERNAME` or `LOGNAME`, else what the system
/// says (`id -un`, `whoami`). "unknown" only when the system cannot tell either.
pub fn current_user() -> String {
    static USER: OnceLock<String> = OnceLock::new();
    USER.get_or_init(|| user_from(|key| std::env::var(key).ok()))
        .clone()
}

/// The user's name from `env`, else from the system.
fn user_from(env: impl Fn(&str) -> Option<String>) -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|key| env(key))
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
        .or_else(user_from_system)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Asks the system (a service, a cron job or a desktop launcher may run without `USER`).
fn user_from_system() -> Option<String> {
    let command = if cfg!(windows) {
        ("whoami", &[][..])
    } else {
        ("id", &["-un"][..])
    };
    let output = std::process::Command::new(command.0)
        .args(command.1)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let name = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    // `whoami` on Windows answers DOMAIN\user: the user is the part people know.
    let name = name.rsplit('\\').next().unwrap_or_default().to_owned();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_names_the_user() {
        let env = |key: &str| (key == "USERNAME").then(|| "zhang.wei".to_owned());
        assert_eq!(user_from(env), "zhang.wei");
    }

    #[cfg(unix)]
    #[test]
    fn without_the_environment_the_system_names_the_user() {
        // Issue 11: a launcher without USER logged "unknown" although the OS knows the name.
        let system = std::process::Command::new("id")
            .arg("-un")
            .output()
            .expect("id -un");
        let expected = String::from_utf8_lossy(&system.stdout).trim().to_owned();
        assert!(!expected.is_empty());
        assert_eq!(user_from(|_| None), expected);
        assert_ne!(user_from(|_| None), "unknown");
    }
}
