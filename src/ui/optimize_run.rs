//! A run of 智能调剂 off the UI thread: the optimizer works on its own copy of the checked
//! baseline on a thread of its own; the window polls it each frame, reads the incumbent and
//! the gap as they come (a trace over time, drawn by [`gap_plot_ui`]) and can cancel it (the
//! solver stops and hands back the best solution found so far).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Color32, Pos2, Stroke, pos2, vec2};

use crate::optimize::engine::Progress;
use crate::optimize::plan::{PlanResult, Request, optimize};
use crate::planning::{Checked, MoveRow, move_list};

/// The trace keeps a point at least this often while nothing changes, so the line reaches
/// the time of the latest report.
const TRACE_EVERY: Duration = Duration::from_millis(250);

/// One point of the search's progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TracePoint {
    /// Seconds since the run started (the planner's clock, across the optimizer's solves).
    pub seconds: f64,
    /// The best solution's objective, if one was found yet.
    pub incumbent: Option<f64>,
    /// Relative gap, 0–1 (1 while there is no incumbent).
    pub gap: f64,
}

/// A finished run: the plan and its moves as rows (with their reasons).
#[derive(Clone, Debug)]
pub struct Finished {
    pub plan: PlanResult,
    pub rows: Vec<MoveRow>,
}

/// A run in progress.
pub struct OptimizeRun {
    pub request: Request,
    started: Instant,
    cancel: Arc<AtomicBool>,
    trace: Arc<Mutex<Vec<TracePoint>>>,
    receiver: Receiver<Result<Finished, String>>,
    /// Why the run's thread could not be started.
    failed: Option<String>,
}

impl OptimizeRun {
    /// Starts the optimizer on `baseline` (moved to the run's thread).
    pub fn start(baseline: Checked, request: Request) -> Self {
        let started = Instant::now();
        let cancel = Arc::new(AtomicBool::new(false));
        let trace: Arc<Mutex<Vec<TracePoint>>> = Arc::new(Mutex::new(Vec::new()));
        let (sender, receiver) = channel();
        let recorder = Arc::clone(&trace);
        let progress: Arc<dyn Fn(Progress) + Send + Sync> = Arc::new(move |p: Progress| {
            record(&recorder, started, &p);
        });
        let thread_cancel = Arc::clone(&cancel);
        let thread_request = request.clone();
        let spawned = std::thread::Builder::new()
            .name("optimize".to_owned())
            .spawn(move || {
                let result = optimize(
                    &baseline,
                    &thread_request,
                    &crate::model::today(),
                    thread_cancel,
                    Some(progress),
                )
                .map(|plan| Finished {
                    rows: move_list(&baseline, &plan.moves),
                    plan,
                })
                .map_err(|e| e.to_string());
                // The window may have been closed meanwhile: nobody to tell.
                sender.send(result).ok();
            });
        Self {
            request,
            started,
            cancel,
            trace,
            receiver,
            // No thread: the run ends at once with the reason.
            failed: spawned.err().map(|e| e.to_string()),
        }
    }

    /// The result once the run ended (once; `None` while it runs).
    pub fn poll(&mut self) -> Option<Result<Finished, String>> {
        if let Some(reason) = self.failed.take() {
            return Some(Err(reason));
        }
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(crate::t!("optimize_ui.thread_lost").into_owned()))
            }
        }
    }

    /// Asks the solver to stop; the best solution so far comes back as the result.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// The progress reported so far.
    pub fn trace(&self) -> Vec<TracePoint> {
        self.trace.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for OptimizeRun {
    /// A run nobody waits for any more (the file closed, the window reset) stops.
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Keeps a report when it says something new (another incumbent or gap) or when the last
/// point is [`TRACE_EVERY`] old: HiGHS reports far more often than a plot can show.
fn record(trace: &Mutex<Vec<TracePoint>>, started: Instant, p: &Progress) {
    let point = TracePoint {
        seconds: started.elapsed().as_secs_f64(),
        incumbent: p.incumbent,
        gap: if p.gap.is_finite() {
            p.gap.clamp(0.0, 1.0)
        } else {
            1.0
        },
    };
    let mut trace = trace.lock().unwrap_or_else(|e| e.into_inner());
    let keep = trace.last().is_none_or(|last| {
        last.incumbent != point.incumbent
            || (last.gap - point.gap).abs() > 1e-6
            || point.seconds - last.seconds >= TRACE_EVERY.as_secs_f64()
    });
    if keep {
        trace.push(point);
    }
}

/// The gap over time as a small line plot (x: seconds up to `span`, y: gap 0–100 %).
pub fn gap_plot_ui(ui: &mut egui::Ui, trace: &[TracePoint], span: f64) {
    let height = 110.0;
    let width = ui.available_width().clamp(200.0, 520.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text = visuals.text_color();
    let axis = Stroke::new(1.0, visuals.weak_text_color());
    let font = egui::FontId::proportional(11.0);
    // Room for the axis labels.
    let plot = egui::Rect::from_min_max(rect.min + vec2(36.0, 6.0), rect.max - vec2(8.0, 18.0));
    painter.rect_filled(plot, 0.0, visuals.extreme_bg_color);
    painter.line_segment([plot.left_bottom(), plot.right_bottom()], axis);
    painter.line_segment([plot.left_bottom(), plot.left_top()], axis);
    let span = trace.last().map_or(span, |p| p.seconds.max(span)).max(1.0);
    for (gap, label) in [(1.0, "100%"), (0.5, "50%"), (0.0, "0%")] {
        let y = plot.bottom() - plot.height() * gap as f32;
        painter.text(
            pos2(plot.left() - 4.0, y),
            egui::Align2::RIGHT_CENTER,
            label,
            font.clone(),
            text,
        );
    }
    painter.text(
        pos2(plot.left(), plot.bottom() + 2.0),
        egui::Align2::LEFT_TOP,
        "0",
        font.clone(),
        text,
    );
    painter.text(
        pos2(plot.right(), plot.bottom() + 2.0),
        egui::Align2::RIGHT_TOP,
        crate::t!("optimize_ui.plot_seconds", seconds = format!("{span:.0}")).as_ref(),
        font.clone(),
        text,
    );
    painter.text(
        pos2(plot.left() + 4.0, plot.top() + 2.0),
        egui::Align2::LEFT_TOP,
        crate::t!("optimize_ui.plot_gap").as_ref(),
        font,
        text,
    );
    let at = |seconds: f64, gap: f64| -> Pos2 {
        pos2(
            plot.left() + plot.width() * (seconds / span).clamp(0.0, 1.0) as f32,
            plot.bottom() - plot.height() * gap.clamp(0.0, 1.0) as f32,
        )
    };
    // A step line: the gap holds until the next report.
    let mut points: Vec<Pos2> = Vec::with_capacity(trace.len() * 2);
    for (i, p) in trace.iter().enumerate() {
        if i > 0
            && let Some(last) = points.last().copied()
        {
            points.push(pos2(at(p.seconds, 0.0).x, last.y));
        }
        points.push(at(p.seconds, p.gap));
    }
    let line = Color32::from_rgb(30, 110, 200);
    if points.len() > 1 {
        painter.add(egui::Shape::line(points.clone(), Stroke::new(2.0, line)));
    }
    if let Some(last) = points.last() {
        painter.circle_filled(*last, 3.0, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(gap: f64, incumbent: Option<f64>) -> Progress {
        Progress {
            seconds: 0.0,
            incumbent,
            bound: 0.0,
            gap,
        }
    }

    #[test]
    fn the_trace_keeps_changes_and_drops_repeats() {
        let trace = Mutex::new(Vec::new());
        let started = Instant::now();
        record(&trace, started, &report(1.0, None));
        // The same report again at once: nothing new.
        record(&trace, started, &report(1.0, None));
        record(&trace, started, &report(0.25, Some(1200.0)));
        record(&trace, started, &report(0.25, Some(1200.0)));
        record(&trace, started, &report(0.0, Some(1100.0)));
        // A gap out of range is read as its bound (HiGHS reports ∞ before an incumbent).
        record(&trace, started, &report(f64::INFINITY, Some(1000.0)));
        let gaps: Vec<f64> = trace.lock().unwrap().iter().map(|p| p.gap).collect();
        assert_eq!(gaps, vec![1.0, 0.25, 0.0, 1.0]);
    }
}
