//! The preflight concurrency figure: the preflight's wall time over the slowest of its three
//! calls made alone, each run measured against its own baseline, then the median over runs.

use serde::Serialize;

/// One run: the preflight, then each of its calls on its own, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Run {
    pub preflight_ms: f64,
    pub configuration_ms: f64,
    pub account_ms: f64,
    pub sso_connections_ms: f64,
}

impl Run {
    pub fn slowest_call_ms(&self) -> f64 {
        self.configuration_ms.max(self.account_ms).max(self.sso_connections_ms)
    }

    /// About 1.0 when the calls overlap, about 3.0 when they run one after another.
    pub fn ratio(&self) -> f64 {
        self.preflight_ms / self.slowest_call_ms()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub added_latency_ms: u64,
    pub runs: Vec<Run>,
    /// Median over runs of each run's ratio.
    pub preflight_ratio: f64,
    pub preflight_ms_median: f64,
    pub slowest_call_ms_median: f64,
    /// What the three calls cost one after another (median of each run's sum): the preflight's
    /// time if it did not overlap them.
    pub calls_in_sequence_ms_median: f64,
}

pub fn median(mut values: Vec<f64>) -> f64 {
    assert!(!values.is_empty(), "a median needs values");
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

pub fn summarize(added_latency_ms: u64, runs: Vec<Run>) -> Summary {
    let of = |f: fn(&Run) -> f64| median(runs.iter().map(f).collect());
    Summary {
        added_latency_ms,
        preflight_ratio: of(Run::ratio),
        preflight_ms_median: of(|r| r.preflight_ms),
        slowest_call_ms_median: of(Run::slowest_call_ms),
        calls_in_sequence_ms_median: of(|r| r.configuration_ms + r.account_ms + r.sso_connections_ms),
        runs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        let concurrent = Run { preflight_ms: 210.0, configuration_ms: 205.0, account_ms: 200.0, sso_connections_ms: 201.0 };
        let sequential = Run { preflight_ms: 615.0, ..concurrent };
        assert_eq!(concurrent.slowest_call_ms(), 205.0);
        let summary = summarize(200, vec![concurrent, sequential, concurrent]);
        assert_eq!(summary.preflight_ratio, 210.0 / 205.0);
        assert_eq!(summary.calls_in_sequence_ms_median, 606.0);
    }
}
