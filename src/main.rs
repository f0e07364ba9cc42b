use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Like other command-line tools, stop quietly when the reader of our output goes away
    // (`pathways list | head`) instead of panicking on a broken pipe.
    sigpipe::reset();
    let argv: Vec<String> = std::env::args().collect();
    let cli = pathways::cli::Cli::parse();
    match cli.into_command(&argv).and_then(pathways::commands::execute) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprintln!("{}", e.render(color));
            ExitCode::from(e.exit_code())
        }
    }
}
