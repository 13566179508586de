//! Time of the suggestion alone (clustering sweep, stability seeds, proposal, comparisons) on a
//! codebase's resolved graph: what `seam suggest` adds beyond facts and resolution.
//! `scripts/bench-suggest.py` prints it next to `seam analyze`.
//!
//!     cargo run --release -p seam --example suggest_timing -- ROOT [RUNS]
//!     cargo run --release -p seam --example suggest_timing -- --synthetic PACKAGES [RUNS]
//!
//! Prints the median wall time of a suggestion and, on Linux, its median CPU time (every
//! thread: what it costs on a busy machine).
//!
//! `--synthetic N`: N packages in groups of 25, each calling five packages of its group and,
//! with a seeded pseudo-random choice, two of other groups: a graph of the size in the budget.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: suggest_timing ROOT [RUNS]");
        return ExitCode::from(2);
    };
    let synthetic_size: Option<usize> = (root.as_os_str() == "--synthetic")
        .then(|| args.next().and_then(|n| n.parse().ok()).unwrap_or(5000));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let facts = if let Some(packages) = synthetic_size {
        synthetic(packages)
    } else {
        match seam::extract_facts(&root, &Default::default(), &|_, _| {}) {
            Ok(facts) => facts,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let workspace =
        match seam::Workspace::from_facts(&root, None, &seam::Overrides::default(), facts) {
            Ok(workspace) => workspace,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut packages = 0;
    for _ in 0..runs.max(1) {
        let cpu_start = process_cpu_seconds();
        let start = Instant::now();
        match workspace.suggestion(false, &Default::default()) {
            Ok(suggestion) => packages = suggestion.graph.packages,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
        times.push(start.elapsed().as_secs_f64());
        cpu_times.push(
            process_cpu_seconds()
                .zip(cpu_start)
                .map(|(end, start)| end - start),
        );
    }
    times.sort_by(f64::total_cmp);
    let mut cpu: Vec<f64> = cpu_times.into_iter().flatten().collect();
    cpu.sort_by(f64::total_cmp);
    let cpu = cpu.get(cpu.len() / 2).map_or(String::new(), |c| {
        format!(", CPU median {c:.3} s (all threads)")
    });
    println!(
        "{packages} packages: suggest median {:.3} s over {} runs{cpu}",
        times[times.len() / 2],
        times.len()
    );
    ExitCode::SUCCESS
}

/// User plus system CPU time of this process so far (every thread), from `/proc/self/stat`
/// (fields 14 and 15, in clock ticks of 1/100 s on Linux); `None` where it cannot be read.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // the command name (field 2) is in parentheses and may hold spaces: count after it
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// Facts of `packages` generated packages (see the module docs).
fn synthetic(packages: usize) -> Vec<seam::FileFacts> {
    let group_size = 25;
    let groups = packages.div_ceil(group_size);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let name = |i: usize| format!("Gen{:03}::P{:02}", i / group_size, i % group_size);
    let mut extractor = seam::perl::Extractor::new(Default::default());
    (0..packages)
        .map(|i| {
            let (group, member) = (i / group_size, i % group_size);
            let mut source = format!("package {};\n", name(i));
            for step in 1..=5 {
                let other = group * group_size + (member + step) % group_size;
                if other < packages {
                    source.push_str(&format!("sub f{step} {{ {}::work() }}\n", name(other)));
                }
            }
            for k in 0..2 {
                let other = next(groups) * group_size + next(group_size);
                if other < packages && other / group_size != group {
                    source.push_str(&format!("sub x{k} {{ {}::work() }}\n", name(other)));
                }
            }
            source.push_str("sub work { 1 }\n1;\n");
            extractor.extract(
                &format!("lib/{}.pm", name(i).replace("::", "/")),
                source.as_bytes(),
            )
        })
        .collect()
}
