//! The progress bar of a long `check` on a terminal: files and bytes parsed, on standard error.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tenantlint::Progress;

/// A run shorter than this shows no bar at all.
const QUIET_FOR: Duration = Duration::from_secs(1);

pub struct Bar {
    bar: ProgressBar,
    /// Set when the run is over; the bar is never shown after that.
    finished: Arc<Mutex<bool>>,
    files: AtomicUsize,
    total_files: AtomicUsize,
}

impl Bar {
    /// A bar when standard error is a terminal, hidden until the run has lasted a second.
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
        let finished = Arc::new(Mutex::new(false));
        let (shown, done) = (bar.clone(), Arc::clone(&finished));
        std::thread::spawn(move || {
            std::thread::sleep(QUIET_FOR);
            let done = done.lock().unwrap_or_else(|e| e.into_inner());
            if !*done {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Some(Bar {
            bar,
            finished,
            files: AtomicUsize::new(0),
            total_files: AtomicUsize::new(0),
        })
    }

    pub fn observe(&self, event: Progress) {
        match event {
            Progress::Discovered { files, bytes } => {
                self.total_files.store(files, Ordering::Relaxed);
                self.bar.set_length(bytes);
                self.bar.set_message(format!("0/{files} files"));
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
    }

    /// Clears the bar before the report is written; it never comes back.
    pub fn finish(self) {
        let mut done = self.finished.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        self.bar.finish_and_clear();
    }
}
