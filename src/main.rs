//! officeplan: the app with no command, the CLI with one.

use clap::FromArgMatches as _;
use officeplan::cli::{Cli, command, dispatch};
use officeplan::i18n::{Language, set_language};

/// mimalloc for the program: importing a drawing or a workbook allocates millions of small
/// strings and shapes, which glibc's allocator serves with ~10 % of the import's CPU time
/// (perf, the 10,000-room DXF import).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // The help text is translated when clap builds the commands: choose the language first,
    // from `--lang` or OFFICEPLAN_LANG, so that `--help` is Chinese by default.
    let early = std::env::args()
        .skip_while(|a| a != "--lang")
        .nth(1)
        .or_else(|| std::env::args().find_map(|a| a.strip_prefix("--lang=").map(str::to_owned)))
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_else(Language::from_env);
    set_language(early);
    let cli = Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit());
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
