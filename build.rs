//! Rebuild when a translation changes: `rust_i18n::i18n!` embeds `assets/locales` at compile
//! time, and cargo does not otherwise know the macro reads those files (an edited message
//! stayed old in the binary until some source file changed).
fn main() {
    println!("cargo:rerun-if-changed=assets/locales");
}
