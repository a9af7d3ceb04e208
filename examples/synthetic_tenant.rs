//! Writes a synthetic tenant export for benchmarks and scale tests.
//!
//! ```text
//! cargo run --release --example synthetic_tenant -- --users 500000 --out /tmp/tenant [--single-file] [--seed 7]
//! ```
//!
//! The export goes to `<out>/tenant`, and `<out>/planted.json` lists every violation planted in
//! it (rule and subject): `tenantlint check --format json <out>/tenant` finds exactly those.

mod synthetic;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok((spec, out)) => match synthetic::generate(&spec, &out) {
            Ok(planted) => {
                eprintln!(
                    "wrote {} users to {} ({} planted findings)",
                    spec.users,
                    out.join("tenant").display(),
                    planted.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}: {e}", out.display());
                ExitCode::from(2)
            }
        },
        Err(message) => {
            eprintln!("error: {message}\nusage: synthetic_tenant --users N --out DIR [--single-file] [--seed N]");
            ExitCode::from(2)
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<(synthetic::Spec, PathBuf), String> {
    let mut spec = synthetic::Spec {
        users: 50_000,
        seed: 7,
        single_file: false,
    };
    let mut out = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--users" => {
                spec.users = value("--users")?
                    .replace('_', "")
                    .parse()
                    .map_err(|e| format!("--users: {e}"))?
            }
            "--seed" => {
                spec.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--single-file" => spec.single_file = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok((spec, out.ok_or("--out is required")?))
}
