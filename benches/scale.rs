//! Whole-process scale benchmark: `cargo bench --bench scale`.
//!
//! For synthetic tenants of 50k and 500k users (registration details paged, and 500k in one
//! file), runs the `tenantlint check --format json` binary several times, and in the same run a
//! reference pass over the same files (walk the folder, read each file and run serde_json over
//! it with `IgnoredAny`, on every core: the floor any JSON tool pays). Prints medians: wall time,
//! throughput, time per stage and for the dearest rules (from `--timings`), peak RSS (from the
//! OS), and the ratios the project holds itself to, each also run by run (see
//! [`paired_ratios`]).
//!
//! For the tenant in one file it also times MFA001 alone (`check --select MFA001`) beside two
//! peers that answer the same question (admins not registered for MFA) over the registration
//! file alone, when they are installed:
//!
//! ```sh
//! apt-get install jq
//! cargo install regorus --example regorus --root ~/.local   # puts `regorus` on PATH
//! ```
//!
//! It also times a typed floor: the same files read and deserialized into minimal records that
//! borrow from the buffer (a registration's id, names, flags and methods; everything else
//! skipped), with nothing kept, analysed or written. DESIGN.md asks `check` to stay within a small
//! factor of that typed parse; the typed parse by itself is slower than the reference pass.
//!
//! For each tenant it also times `gaps`, the sweep of every sign-in the policies tell apart
//! (300 policies, 2,000 role assignments in the synthetic tenant).
//!
//! Last, a hostile shape: one policy excluding a million users by id (`excludeUsers`), to show
//! that memory stays proportional to the file when one list is long.
//!
//! Settings (environment): `TENANTLINT_BENCH_USERS` (default `50000,500000`),
//! `TENANTLINT_BENCH_EXCLUDED` (default 1000000; 0 skips it),
//! `TENANTLINT_BENCH_RUNS` (default 5), `TENANTLINT_BENCH_DIR` (default `target/bench-tenants`:
//! tenants are generated once and reused).

#[path = "../examples/synthetic/mod.rs"]
mod synthetic;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::de::IgnoredAny;
use serde::Deserialize;

struct Case {
    users: usize,
    single_file: bool,
    dir: PathBuf,
    planted: usize,
}

/// One whole-process run of `check`.
struct Run {
    wall: Duration,
    stages: Vec<(String, f64)>,
    peak_rss_mb: f64,
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used here.
    let users: Vec<usize> = setting("TENANTLINT_BENCH_USERS", "50000,500000")
        .split(',')
        .filter_map(|n| n.trim().replace('_', "").parse().ok())
        .collect();
    let runs: usize = setting("TENANTLINT_BENCH_RUNS", "5")
        .parse()
        .unwrap_or(5)
        .max(1);
    let root = PathBuf::from(setting(
        "TENANTLINT_BENCH_DIR",
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-tenants"),
    ));
    let mut cases: Vec<Case> = users.iter().map(|&n| case(&root, n, false)).collect();
    if let Some(&largest) = users.iter().max() {
        cases.push(case(&root, largest, true));
    }
    println!(
        "tenantlint scale benchmark: {runs} runs each, medians; {} threads",
        rayon::current_num_threads()
    );
    let mut paged_walls = Vec::new();
    for case in &cases {
        let (files, bytes) = inputs(&case.dir);
        let mut reference = Vec::new();
        let mut typed = Vec::new();
        let mut checks = Vec::new();
        for _ in 0..runs {
            reference.push(reference_pass(&case.dir));
            typed.push(typed_floor(&files));
            checks.push(check(&case.dir, &[]));
        }
        let walls: Vec<Duration> = checks.iter().map(|r| r.wall).collect();
        let spread = paired_ratios(&walls, &reference);
        let reference = median(reference);
        let typed = median(typed);
        let wall = median(walls);
        let rss = median_f64(checks.iter().map(|r| r.peak_rss_mb).collect());
        let mb = bytes as f64 / 1e6;
        println!(
            "\n{} users, registration details {}: {:.1} MB in {} files, {} planted findings",
            case.users,
            if case.single_file {
                "in one file"
            } else {
                "paged"
            },
            mb,
            files.len(),
            case.planted
        );
        println!(
            "  reference pass  {:>8.1} ms  ({:.0} MB/s)",
            ms(reference),
            mb / reference.as_secs_f64()
        );
        println!(
            "  typed floor     {:>8.1} ms  ({:.0} MB/s)   {:.2}x the reference",
            ms(typed),
            mb / typed.as_secs_f64(),
            typed.as_secs_f64() / reference.as_secs_f64(),
        );
        // The time and memory bars are set for a tenant of 500k users: below that, the few
        // thousand small files every tenant has and the process itself weigh more.
        let judged = case.users >= BARS_FROM;
        println!(
            "  check (json)    {:>8.1} ms  ({:.0} MB/s)   {:.2}x the reference [bar: 2x] {}, {:.2}x the typed floor",
            ms(wall),
            mb / wall.as_secs_f64(),
            wall.as_secs_f64() / reference.as_secs_f64(),
            verdict_at(judged, wall.as_secs_f64() <= 2.0 * reference.as_secs_f64()),
            wall.as_secs_f64() / typed.as_secs_f64(),
        );
        println!("    run by run    {spread}");
        // The paged tree's files are released as they are parsed; one file must be held whole.
        let rss_bar = if case.single_file { 1.0 } else { 0.8 };
        println!(
            "  peak RSS        {:>8.1} MB  {:.2}x the input [bar: {rss_bar}x] {}",
            rss,
            rss / mb,
            verdict_at(judged, rss <= rss_bar * mb)
        );
        for (stage, _) in &checks[0].stages {
            let times = checks
                .iter()
                .filter_map(|r| r.stages.iter().find(|(s, _)| s == stage).map(|(_, t)| *t))
                .collect();
            println!("    {stage:<12} {:>8.1} ms", median_f64(times));
        }
        let render = median_f64(
            checks
                .iter()
                .filter_map(|r| {
                    r.stages
                        .iter()
                        .find(|(s, _)| s == "render")
                        .map(|(_, t)| *t)
                })
                .collect(),
        );
        println!(
            "  render share    {:>8.1} %  of the whole [bar: under 20%] {}",
            100.0 * render / ms(wall),
            verdict(render < 0.2 * ms(wall))
        );
        if case.single_file {
            mfa001_beside_peers(&case.dir, runs);
        }
        let gaps = median((0..runs).map(|_| gaps_wall(&case.dir)).collect());
        println!(
            "  gaps (json)     {:>8.1} ms  (reading included) [bar: well under 1 s] {}",
            ms(gaps),
            verdict(gaps.as_secs_f64() < 1.0)
        );
        if !case.single_file {
            paged_walls.push((case.users, wall));
        }
    }
    if let [(small, t_small), .., (large, t_large)] = paged_walls.as_slice() {
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
        let bound = (*large as f64 / *small as f64) * 1.1;
        println!(
            "\nscaling {small} -> {large} users: {ratio:.2}x the time [bar: {bound:.1}x] {}",
            verdict(ratio <= bound)
        );
    }
    let excluded: usize = setting("TENANTLINT_BENCH_EXCLUDED", "1000000")
        .replace('_', "")
        .parse()
        .unwrap_or(1_000_000);
    if excluded > 0 {
        long_exclusion_list(&root, excluded, runs);
    }
}

/// MFA001 alone, and the same question asked of the registration file by jq and regorus. Each
/// run of MFA001 is followed by one of each peer, so that a run and the peers' beside it
/// share the machine's state.
fn mfa001_beside_peers(dir: &Path, runs: usize) {
    let registrations = dir.join("reports").join("userRegistrationDetails.json");
    let query =
        "[.value[] | select(.isAdmin == true and .isMfaRegistered == false) | .id] | length";
    let jq = ["jq", query, &registrations.to_string_lossy()].map(str::to_string);
    let rego = dir.parent().unwrap_or(dir).join("mfa001.rego");
    let _ = std::fs::write(
        &rego,
        "package tenantlint\n\nunregistered_admins := [u.id | some u in input.value; u.isAdmin == true; u.isMfaRegistered == false]\n",
    );
    let regorus = [
        "regorus".to_string(),
        "eval".into(),
        "-d".into(),
        rego.to_string_lossy().into_owned(),
        "-i".into(),
        registrations.to_string_lossy().into_owned(),
        "data.tenantlint.unregistered_admins".into(),
    ];
    let peers = [("jq", &jq[..], 10.0), ("regorus", &regorus[..], 5.0)];
    let mut alone = Vec::new();
    // `None` once a peer failed to run: it is not installed.
    let mut timed: Vec<Option<Vec<Duration>>> = vec![Some(Vec::new()); peers.len()];
    for _ in 0..runs {
        alone.push(check(dir, &["--select", "MFA001"]).wall);
        for ((_, command, _), walls) in peers.iter().zip(&mut timed) {
            if let Some(done) = walls {
                match peer_wall(command) {
                    Some(wall) => done.push(wall),
                    None => *walls = None,
                }
            }
        }
    }
    let alone_median = median(alone.clone());
    println!("  MFA001 alone    {:>8.1} ms", ms(alone_median));
    for ((peer, _, bar), walls) in peers.iter().zip(timed) {
        match walls {
            Some(walls) => {
                let spread = paired_ratios(&walls, &alone);
                let wall = median(walls);
                let times = wall.as_secs_f64() / alone_median.as_secs_f64();
                println!(
                    "  {peer:<15} {:>8.1} ms  MFA001 alone is {times:.1}x faster [bar: {bar}x] {}",
                    ms(wall),
                    verdict(times >= *bar)
                );
                println!("    run by run    {spread}");
            }
            None => println!("  {peer:<15} not installed (see this benchmark's header)"),
        }
    }
}

/// Each run's time over the time of the run beside it: the lowest, the median and the highest.
/// Verdicts judge the ratio of medians, as the bars are set; this shows whether the runs agree
/// with it. On a machine whose speed swings, a verdict they disagree on is noise.
fn paired_ratios(runs: &[Duration], beside: &[Duration]) -> String {
    let mut ratios: Vec<f64> = runs
        .iter()
        .zip(beside)
        .map(|(run, other)| run.as_secs_f64() / other.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    match (ratios.first(), ratios.last()) {
        (Some(low), Some(high)) => format!(
            "{low:.2}x to {high:.2}x, median {:.2}x, over {} runs",
            ratios[ratios.len() / 2],
            ratios.len()
        ),
        _ => "no runs".to_string(),
    }
}

/// One run of a peer's command, or `None` when it is not installed or fails.
fn peer_wall(command: &[String]) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new(&command[0])
        .args(&command[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| started.elapsed())
}

/// One enabled policy excluding `count` users by id: memory must follow the file, not a
/// multiple of it per id.
fn long_exclusion_list(root: &Path, count: usize, runs: usize) {
    let dir = root.join(format!("excluded-{count}"));
    let file = dir.join("policies.json");
    if !file.exists() {
        std::fs::create_dir_all(&dir).expect("create the bench folder");
        let ids: Vec<String> = (0..count)
            .map(|i| format!("\"a0000000-0000-4000-8000-{i:012x}\""))
            .collect();
        let text = format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies", "value": [
  {{"id": "c0000000-0000-4000-8000-000000000001", "displayName": "MFA for all users", "state": "enabled",
    "conditions": {{"users": {{"includeUsers": ["All"], "excludeUsers": [{}]}},
      "applications": {{"includeApplications": ["All"]}}, "clientAppTypes": ["all"]}},
    "grantControls": {{"operator": "OR", "builtInControls": ["mfa"]}}}}]}}"#,
            ids.join(",")
        );
        std::fs::write(&file, text).expect("write the policy");
    }
    let mb = std::fs::metadata(&file).map_or(0, |m| m.len()) as f64 / 1e6;
    let checks: Vec<Run> = (0..runs).map(|_| check(&dir, &[])).collect();
    let wall = median(checks.iter().map(|r| r.wall).collect());
    let rss = median_f64(checks.iter().map(|r| r.peak_rss_mb).collect());
    println!(
        "\none policy excluding {count} users by id: {mb:.1} MB\n  check (json)    {:>8.1} ms\n  peak RSS        {rss:>8.1} MB  {:.2}x the input",
        ms(wall),
        rss / mb
    );
}

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The smallest tenant the time and memory bars are set for.
const BARS_FROM: usize = 500_000;

/// A bar's verdict, for a tenant it is set for.
fn verdict_at(judged: bool, met: bool) -> &'static str {
    match judged {
        true => verdict(met),
        false => "(set for 500k users)",
    }
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT MET"
    }
}

fn case(root: &Path, users: usize, single_file: bool) -> Case {
    let dir = root.join(format!(
        "{users}-{}",
        if single_file { "single" } else { "paged" }
    ));
    let planted_file = dir.join("planted.json");
    let planted = match std::fs::read(&planted_file) {
        Ok(bytes) => serde_json::from_slice::<Vec<synthetic::Planted>>(&bytes)
            .map(|p| p.len())
            .unwrap_or(0),
        Err(_) => {
            eprintln!("generating {}", dir.display());
            let _ = std::fs::remove_dir_all(&dir);
            let spec = synthetic::Spec {
                users,
                seed: 7,
                single_file,
            };
            synthetic::generate(&spec, &dir)
                .expect("write the synthetic tenant")
                .len()
        }
    };
    Case {
        users,
        single_file,
        dir: dir.join("tenant"),
        planted,
    }
}

/// The JSON files `check` reads.
fn inputs(dir: &Path) -> (Vec<PathBuf>, u64) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    (files, bytes)
}

/// Walk the folder, read every file and run serde_json over it without building anything, in
/// parallel.
fn reference_pass(dir: &Path) -> Duration {
    let started = Instant::now();
    let (files, _) = inputs(dir);
    // One job per file, as `check` reads them, so the floor is not raised by uneven runs.
    let parsed = files
        .par_iter()
        .with_max_len(1)
        .filter(|f| {
            let bytes = std::fs::read(f).unwrap_or_default();
            serde_json::from_slice::<IgnoredAny>(&bytes).is_ok()
        })
        .count();
    let took = started.elapsed();
    assert!(parsed > 0, "the reference pass parsed nothing");
    took
}

/// What a registration record holds for the rules, borrowed from the file's buffer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // read only to be parsed
struct TypedRegistration<'a> {
    // Borrowed unless a string has escapes, as `check` reads them.
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    user_principal_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user_display_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user_type: Option<Cow<'a, str>>,
    is_admin: Option<bool>,
    is_mfa_capable: Option<bool>,
    is_mfa_registered: Option<bool>,
    is_sspr_capable: Option<bool>,
    is_sspr_registered: Option<bool>,
    #[serde(borrow)]
    methods_registered: Option<Vec<Cow<'a, str>>>,
}

/// Any file: a Graph page's `value` is typed, every other member is skipped.
#[derive(Deserialize)]
struct TypedFile<'a> {
    #[serde(borrow, default)]
    value: Vec<TypedRegistration<'a>>,
}

/// Read every file and deserialize it into borrowed typed records, in parallel, keeping nothing.
/// A file that does not parse would make the floor do less work than `check`: it stops the run.
fn typed_floor(files: &[PathBuf]) -> Duration {
    let started = Instant::now();
    let parsed: Vec<Result<usize, String>> = files
        .par_iter()
        .with_max_len(1)
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let text = std::str::from_utf8(&bytes).map_err(|e| format!("{}: {e}", f.display()))?;
            serde_json::from_str::<TypedFile>(text)
                .map(|file| file.value.len())
                .map_err(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    let took = started.elapsed();
    let records = parsed
        .into_iter()
        .map(|file| file.unwrap_or_else(|e| panic!("the typed floor cannot parse {e}")))
        .sum::<usize>();
    assert!(records > 0, "the typed floor parsed no registration");
    took
}

fn check(dir: &Path, extra: &[&str]) -> Run {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", "--format", "json", "--timings"])
        .args(extra)
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run tenantlint");
    let wall = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "findings are expected");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut stages = Vec::new();
    let mut peak_rss_mb = f64::NAN;
    for line in stderr.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            // Reading and parsing interleave file by file, so apart they are thread time.
            ["timing", "threads", ..] => {
                for part in ["read", "parse"] {
                    let time = words.windows(2).find(|w| w[0] == part).map(|w| w[1]);
                    if let Some(t) = time.and_then(|t| t.parse().ok()) {
                        stages.push((format!("{part} (busy)"), t));
                    }
                }
            }
            ["timing", "rule", code, time, "ms"] => {
                if let Ok(t) = time.parse() {
                    stages.push((format!("rule {code}"), t));
                }
            }
            ["timing", stage, time, "ms", ..] if *stage != "total" => {
                if let Ok(t) = time.parse() {
                    stages.push((stage.to_string(), t));
                }
            }
            ["memory", "peak-rss", mb, "MB"] => peak_rss_mb = mb.parse().unwrap_or(f64::NAN),
            _ => {}
        }
    }
    Run {
        wall,
        stages,
        peak_rss_mb,
    }
}

/// One whole-process run of `gaps`, which sweeps every sign-in the policies tell apart.
fn gaps_wall(dir: &Path) -> Duration {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["gaps", "--format", "json"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run tenantlint gaps");
    assert!(
        output.code().is_some_and(|c| c < 2),
        "gaps could not read the tenant"
    );
    started.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
