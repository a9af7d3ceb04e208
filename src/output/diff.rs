//! `diff`'s answer: pretty for a person, markdown for a pull-request comment, JSON for programs,
//! and GitHub annotations on the new export's files.

use serde_json::{json, Value};

use super::escape::printable;
use super::locate::{Location, Locator};
use crate::analysis::posture::{Effect, Side};
use crate::diff::{Diff, Item};
use crate::Report;

/// Finds each change's place in the export it is in.
pub struct Places<'r> {
    old: Locator<'r>,
    new: Locator<'r>,
}

impl<'r> Places<'r> {
    pub fn new(old: &'r Report, new: &'r Report) -> Self {
        Places {
            old: Locator::new(&old.sources),
            new: Locator::new(&new.sources),
        }
    }

    fn of(&mut self, item: &Item) -> Option<(Side, Location)> {
        let (side, origin) = item.change.at.as_ref()?;
        let locator = match side {
            Side::Old => &mut self.old,
            Side::New => &mut self.new,
        };
        Some((*side, locator.locate(origin)))
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Old => "old",
        Side::New => "new",
    }
}

fn counts(diff: &Diff) -> (usize, usize, usize) {
    let of = |effect| {
        diff.items
            .iter()
            .filter(|i| i.change.effect == effect)
            .count()
    };
    (
        of(Effect::Weaker),
        of(Effect::Stronger),
        of(Effect::Neutral),
    )
}

pub fn pretty(diff: &Diff, places: &mut Places) -> String {
    let mut out = String::new();
    for item in &diff.items {
        out += &format!(
            "{} [{}] {}\n",
            item.change.effect.name(),
            item.topic.name(),
            printable(&item.change.message)
        );
        if let Some((side, at)) = places.of(item) {
            out += &format!(
                "  at {}:{}:{} ({})\n",
                printable(&at.path),
                at.start.line,
                at.start.column,
                side_name(side)
            );
        }
    }
    let (weaker, stronger, neutral) = counts(diff);
    out += &match diff.items.len() {
        0 => "no change to the tenant's posture\n".to_string(),
        _ => format!("\n{weaker} weaker, {stronger} stronger, {neutral} neutral\n"),
    };
    out
}

pub fn markdown(diff: &Diff, places: &mut Places) -> String {
    let (weaker, stronger, neutral) = counts(diff);
    let mut out =
        format!("## tenantlint diff: {weaker} weaker, {stronger} stronger, {neutral} neutral\n\n");
    if diff.items.is_empty() {
        return out + "No change to the tenant's posture.\n";
    }
    out += "| | What | Where |\n|---|---|---|\n";
    let cell = |text: &str| printable(text).replace('|', "\\|");
    for item in &diff.items {
        let mark = match item.change.effect {
            Effect::Weaker => "weaker",
            Effect::Stronger => "stronger",
            Effect::Neutral => "neutral",
        };
        let at = places
            .of(item)
            .map(|(side, at)| {
                format!(
                    "`{}:{}:{}` ({})",
                    at.path,
                    at.start.line,
                    at.start.column,
                    side_name(side)
                )
            })
            .unwrap_or_default();
        out += &format!(
            "| {mark} | {} | {} |\n",
            cell(&format!("[{}] {}", item.topic.name(), item.change.message)),
            cell(&at)
        );
    }
    out
}

pub fn json(diff: &Diff, places: &mut Places, old: &Report, new: &Report) -> Value {
    let (weaker, stronger, neutral) = counts(diff);
    let changes: Vec<Value> = diff
        .items
        .iter()
        .map(|item| {
            let at = places.of(item);
            json!({
                "effect": item.change.effect.name(),
                "topic": item.topic.name(),
                "message": item.change.message,
                "severity": item.severity.map(|s| s.to_string()),
                "side": at.as_ref().map(|(side, _)| side_name(*side)),
                "location": at.map(|(_, location)| location),
            })
        })
        .collect();
    json!({
        "weaker": weaker,
        "stronger": stronger,
        "neutral": neutral,
        "changes": changes,
        "errors": {
            "old": super::json::errors_out(old),
            "new": super::json::errors_out(new),
        },
    })
}

/// Annotations for the weaker changes: on the new export's file where there is one, named from
/// `root` (the repository's top level) as the runner looks for it. GitHub shows ten of a type:
/// past them, a notice says how many more there are.
pub fn github(diff: &Diff, places: &mut Places, root: Option<&std::path::Path>) -> String {
    let mut out = String::new();
    let weaker: Vec<_> = diff.weaker().collect();
    let shown = super::github::ANNOTATIONS_PER_TYPE;
    for item in weaker.iter().take(shown) {
        let title =
            super::github::property(&format!("tenantlint diff: weaker {}", item.topic.name()));
        let message = super::github::data(&item.change.message);
        match places.of(item) {
            Some((Side::New, at)) => {
                let path = super::path_from(root, &at.path);
                out += &format!(
                    "::warning file={},line={},col={},title={title}::{message}\n",
                    super::github::property(&path),
                    at.start.line,
                    at.start.column
                )
            }
            _ => out += &format!("::warning title={title}::{message}\n"),
        }
    }
    if weaker.len() > shown {
        out += &format!(
            "::notice title={}::{}\n",
            super::github::property("tenantlint diff: more weaker changes"),
            super::github::data(&format!(
                "{} more weaker change(s) are not annotated (GitHub shows {shown} of a type per step); \
                 run tenantlint diff --format markdown to list them all",
                weaker.len() - shown
            ))
        );
    }
    out
}
