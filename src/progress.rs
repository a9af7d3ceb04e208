//! The progress bar of a long `check` on a terminal: files and bytes parsed, on standard error.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tenantlint::Progress;

/// A run shorter than this shows no bar at all.
const QUIET_FOR: Duration = Duration::from_secs(1);

pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    files: AtomicUsize,
    total_files: AtomicUsize,
}

impl Bar {
    /// A bar when standard error is a terminal; hidden until the run has lasted a second.
    pub fn on_terminal() -> Option<Bar> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({elapsed})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        Some(Bar {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            files: AtomicUsize::new(0),
            total_files: AtomicUsize::new(0),
        })
    }

    pub fn observe(&self, event: Progress) {
        match event {
            Progress::Discovered { files, bytes } => {
                self.total_files.store(files, Ordering::Relaxed);
                self.bar.set_length(bytes);
            }
            Progress::Parsed { bytes } => {
                let done = self.files.fetch_add(1, Ordering::Relaxed) + 1;
                self.bar.inc(bytes);
                self.bar.set_message(format!(
                    "{done}/{} files",
                    self.total_files.load(Ordering::Relaxed)
                ));
            }
            Progress::Analysing => self.bar.set_message("checking rules"),
        }
        self.show_when_slow();
    }

    fn show_when_slow(&self) {
        if self.started.elapsed() >= QUIET_FOR && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Clears the bar before the report is written.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
