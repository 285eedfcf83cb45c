//! officeplan: the app with no command, the CLI with one.

use clap::Parser as _;
use officeplan::cli::{Cli, dispatch};
use officeplan::i18n::{Language, set_language};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let language = cli
        .lang
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_else(Language::from_env);
    set_language(language);
    let result = dispatch(cli, officeplan::ui::run);
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            // One line with the reason (and its cause), then any listed details.
            eprintln!("officeplan: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
