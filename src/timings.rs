//! How long each stage of a run took and how much memory it peaked at: `check --timings`
//! prints it, and the scale benchmark reads it.

use std::fmt;
use std::time::{Duration, Instant};

/// The stages of a run, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Walking the paths for input files.
    Discover,
    /// Reading, decoding, parsing and recognising files (in parallel, file by file).
    Parse,
    /// Assembling the tenant, running the rules, applying exceptions and the baseline.
    Analyse,
    /// Sorting findings and turning byte offsets into line and column.
    Locate,
    /// Writing the report.
    Render,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Discover => "discover",
            Stage::Parse => "read+parse",
            Stage::Analyse => "analyse",
            Stage::Locate => "locate",
            Stage::Render => "render",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Timings {
    started: Instant,
    last: Instant,
    stages: Vec<(Stage, Duration)>,
    /// Time spent reading files from disk and decoding them, summed over threads.
    pub read_busy: Duration,
    /// Time spent parsing and recognising, summed over threads.
    pub parse_busy: Duration,
    pub files: usize,
    pub input_bytes: u64,
    /// Each rule's check, by code (rules run in parallel, so these overlap).
    pub rules: Vec<(&'static str, Duration)>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings::start()
    }
}

impl Timings {
    pub fn start() -> Self {
        let now = Instant::now();
        Timings {
            started: now,
            last: now,
            stages: Vec::new(),
            read_busy: Duration::ZERO,
            parse_busy: Duration::ZERO,
            files: 0,
            input_bytes: 0,
            rules: Vec::new(),
        }
    }

    /// Ends `stage`: the time since the previous stage ended is its time.
    pub fn lap(&mut self, stage: Stage) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    pub fn stage(&self, stage: Stage) -> Option<Duration> {
        self.stages
            .iter()
            .filter(|(s, _)| *s == stage)
            .map(|(_, d)| *d)
            .reduce(|a, b| a + b)
    }

    pub fn total(&self) -> Duration {
        self.last - self.started
    }
}

/// One line per stage, then the total with throughput and the peak resident memory:
/// `timing <stage> <ms>` lines a script can read.
impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mb = |bytes: u64| bytes as f64 / 1_000_000.0;
        for (stage, took) in &self.stages {
            writeln!(f, "timing {:<10} {:>9.1} ms", stage.name(), ms(*took))?;
        }
        writeln!(
            f,
            "timing {:<10} {:>9.1} ms  (busy, summed over threads: read {:.1} ms, parse {:.1} ms)",
            "threads",
            ms(self.read_busy + self.parse_busy),
            ms(self.read_busy),
            ms(self.parse_busy)
        )?;
        // The dearest rules, where analysis time goes; the cheap ones would only be noise.
        let mut rules = self.rules.clone();
        rules.sort_by_key(|(_, took)| std::cmp::Reverse(*took));
        for (code, took) in rules.iter().take(5).filter(|(_, took)| ms(*took) >= 1.0) {
            writeln!(f, "timing rule {code:<8} {:>7.1} ms", ms(*took))?;
        }
        let total = self.total();
        writeln!(
            f,
            "timing {:<10} {:>9.1} ms  ({:.1} MB in {} files, {:.0} MB/s)",
            "total",
            ms(total),
            mb(self.input_bytes),
            self.files,
            mb(self.input_bytes) / total.as_secs_f64().max(1e-9)
        )?;
        match peak_rss() {
            Some(bytes) => writeln!(f, "memory peak-rss  {:>9.1} MB", mb(bytes)),
            None => writeln!(f, "memory peak-rss  unknown on this system"),
        }
    }
}

/// The process's peak resident set size, as the OS counts it (Linux: `VmHWM`).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_to_the_total() {
        let mut timings = Timings::start();
        std::thread::sleep(Duration::from_millis(2));
        timings.lap(Stage::Discover);
        timings.lap(Stage::Parse);
        let sum = timings.stage(Stage::Discover).unwrap() + timings.stage(Stage::Parse).unwrap();
        assert_eq!(sum, timings.total());
        assert!(timings.stage(Stage::Discover).unwrap() >= Duration::from_millis(2));
        assert_eq!(timings.stage(Stage::Render), None);
        let text = timings.to_string();
        assert!(text.starts_with("timing discover"), "{text}");
        assert!(text.contains("memory peak-rss"), "{text}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_memory_is_read_from_the_os() {
        let peak = peak_rss().expect("VmHWM on Linux");
        assert!(peak > 1_000_000, "{peak}");
    }
}
