//! In-process stages on a synthetic tenant: `cargo bench --bench stages`.
//!
//! The whole-process figures (wall time against the reference pass, peak RSS) are in the
//! `scale` benchmark; these isolate one stage each so a change to it can be measured alone.

#[path = "../examples/synthetic/mod.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use tenantlint::{ingest, lint, output, Options};

fn main() {
    divan::main();
}

/// A 20k-user tenant, generated once per benchmark run.
fn tenant() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-stages");
        let _ = std::fs::remove_dir_all(&dir);
        let spec = synthetic::Spec {
            users: 20_000,
            seed: 7,
            single_file: false,
        };
        synthetic::generate(&spec, &dir).expect("write the synthetic tenant");
        dir.join("tenant")
    })
}

fn first_page() -> String {
    let page = tenant().join("reports/userRegistrationDetails/page-00001.json");
    std::fs::read_to_string(page).expect("a registration page")
}

/// One page of 1000 registrations through the one-pass reader.
#[divan::bench]
fn parse_registration_page(bencher: Bencher) {
    let text = first_page();
    let path = Path::new("page-00001.json");
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| ingest::recognise(0, path, divan::black_box(&text)));
}

/// The same page with a member the fast path does not know (`@odata.deltaLink`), which sends
/// it through the general reader.
#[divan::bench]
fn parse_registration_page_generally(bencher: Bencher) {
    let text = first_page().replacen(
        "\"@odata.context\"",
        "\"@odata.deltaLink\": \"https://graph.microsoft.com/beta/delta\", \"@odata.context\"",
        1,
    );
    let path = Path::new("page-00001.json");
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| ingest::recognise(0, path, divan::black_box(&text)));
}

/// Discovery, parsing and every rule over the whole tenant, in process.
#[divan::bench(sample_count = 10)]
fn lint_tenant() -> usize {
    let report = lint(&[tenant().to_path_buf()], &Options::default()).expect("lint");
    report.diagnostics.len()
}

/// Rendering the tenant's findings as JSON and as concise lines.
#[divan::bench(args = ["json", "concise"], sample_count = 10)]
fn render(bencher: Bencher, format: &str) {
    let report = lint(&[tenant().to_path_buf()], &Options::default()).expect("lint");
    bencher.bench_local(|| {
        let mut out = Vec::new();
        match format {
            "json" => output::json::render(&report, &mut out),
            _ => output::concise::render(&report, &mut out),
        }
        .expect("render");
        out.len()
    });
}
