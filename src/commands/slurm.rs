//! `pathways slurm SCENARIO --shards N`: writes a Slurm job array that runs the shards, a merge
//! job that waits for all of them (`--dependency=afterok`), and `submit.sh`, which submits both.

use crate::commands::command_line::{CommandLine, shell_word};
use crate::error::{Error, Result};
use crate::export::atomic::{create_dir, write_atomic};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct SlurmOptions {
    pub scenario: PathBuf,
    pub shards: u32,
    pub partition: Option<String>,
    /// Wall time per task, `[D-]HH:MM:SS`.
    pub time: String,
    pub cpus_per_task: u32,
    /// The study's output folder: shards go to OUT/shards, logs to OUT/logs, the merged result
    /// to OUT/<scenario>, the scripts to OUT/slurm.
    pub out: PathBuf,
    /// The pathways binary the jobs run.
    pub bin: String,
    /// Passed on to every shard: `--runs`, `--seed`, `--set`.
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    pub sets: Vec<String>,
    /// `--charts` and `--chart-size` for the merged result (default: merge's own).
    pub merge_charts: Option<(Option<String>, Option<String>)>,
    /// Do not print where the scripts went.
    pub quiet: bool,
}

/// The scripts, by file name: `shards.sbatch`, `merge.sbatch` and `submit.sh`. `workdir` is the
/// folder the jobs run in (relative paths in the options are relative to it).
pub fn scripts(o: &SlurmOptions, workdir: &Path) -> Result<Vec<(&'static str, String)>> {
    if o.shards == 0 {
        return Err(Error::Usage("--shards must be at least 1".into()));
    }
    let time_ok = !o.time.is_empty() && o.time.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '-');
    if !time_ok {
        return Err(Error::Usage(format!("--time: `{}` is not [D-]HH:MM:SS, e.g. 01:00:00", o.time)));
    }
    check_values(o, workdir)?;
    let n = o.shards;
    let q = |p: &Path| shell_word(&p.display().to_string());
    let (out, workdir) = (q(&o.out), q(workdir));
    let slurm_dir = q(&o.out.join("slurm"));
    // The job name is only a label: characters a #SBATCH line might misread become `_`.
    let name: String = o
        .scenario
        .file_stem()
        .map(|s| s.to_string_lossy().chars().map(|c| if plain_name_char(c) { c } else { '_' }).collect())
        .unwrap_or_else(|| "study".into());
    let passed = CommandLine::default().flag_opt("--runs", o.runs).flag_opt("--seed", o.seed).sets(&o.sets).tail();
    let header = |job: &str, cpus: u32, log: &str| {
        let mut h = format!(
            "#!/bin/bash\n# Written by pathways {} (`pathways slurm`); submit with {slurm_dir}/submit.sh.\n",
            env!("CARGO_PKG_VERSION")
        );
        h.push_str(&format!("#SBATCH --job-name={}\n", shell_word(job)));
        if let Some(p) = &o.partition {
            h.push_str(&format!("#SBATCH --partition={}\n", shell_word(p)));
        }
        h.push_str(&format!("#SBATCH --time={}\n#SBATCH --cpus-per-task={cpus}\n#SBATCH --ntasks=1\n", o.time));
        h.push_str(&format!("#SBATCH --chdir={workdir}\n#SBATCH --output={out}/logs/{log}\n"));
        h
    };
    let mut shards = header(&format!("pathways-{name}"), o.cpus_per_task, "shard-%a.log");
    shards.push_str(&format!("#SBATCH --array=0-{}\n", n - 1));
    shards.push_str(&format!(
        "set -euo pipefail\n# Task K runs shard K/{n}: a contiguous, block-aligned range of run indices.\n\
         exec {bin} run {scenario} --shard \"$SLURM_ARRAY_TASK_ID/{n}\" --threads \"${{SLURM_CPUS_PER_TASK:-{cpus}}}\" \
         --quiet --charts none --out {out}/shards{passed}\n",
        bin = shell_word(&o.bin),
        scenario = q(&o.scenario),
        cpus = o.cpus_per_task,
    ));
    let mut merge = header(&format!("pathways-{name}-merge"), 1, "merge.log");
    // The folder names `run --shard` writes, e.g. shard-0003-of-0016.
    let last = format!("shard-*-of-{n:04}");
    let (charts, size) = o.merge_charts.clone().unwrap_or_default();
    let chart_flags = CommandLine::default().flag_opt("--charts", charts).flag_opt("--chart-size", size).tail();
    merge.push_str(&format!(
        "set -euo pipefail\n# Runs once every shard succeeded; refuses shards that do not belong together.\n\
         exec {bin} merge {out}/shards/{last} --out {out}{chart_flags}\n",
        bin = shell_word(&o.bin),
    ));
    let submit = format!(
        "#!/bin/bash\n# Submits the {n} shards of {scenario} as a job array, then the merge, which waits for them.\n\
         set -euo pipefail\n\
         cd {workdir}\n\
         mkdir -p {out}/logs {out}/shards\n\
         array=$(sbatch --parsable {slurm_dir}/shards.sbatch)\n\
         array=${{array%%;*}}\n\
         merge=$(sbatch --parsable --dependency=afterok:\"$array\" {slurm_dir}/merge.sbatch)\n\
         merge=${{merge%%;*}}\n\
         echo \"shards: job array $array; merge: job $merge (after all shards succeed); results in {out}\"\n",
        scenario = q(&o.scenario),
    );
    Ok(vec![("shards.sbatch", shards), ("merge.sbatch", merge), ("submit.sh", submit)])
}

fn plain_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.-".contains(c)
}

/// Refuses values that would change what a script does rather than be quoted in it. Shell lines
/// quote every value ([`shell_word`]), but a `#SBATCH` line ends at a newline whatever the
/// quotes, and the next line would run as a command; so no value may hold a control character,
/// and the partition, which sbatch reads from its `#SBATCH` line, must be a plain name.
fn check_values(o: &SlurmOptions, workdir: &Path) -> Result<()> {
    let paths = [("the scenario path", &o.scenario), ("--out", &o.out)];
    let mut values: Vec<(&str, String)> = paths.iter().map(|(what, p)| (*what, p.display().to_string())).collect();
    values.push(("the working folder", workdir.display().to_string()));
    values.push(("--bin", o.bin.clone()));
    values.extend(o.sets.iter().map(|s| ("--set", s.clone())));
    values.extend(o.partition.iter().map(|p| ("--partition", p.clone())));
    if let Some((charts, size)) = &o.merge_charts {
        values.extend(charts.iter().map(|c| ("--charts", c.clone())));
        values.extend(size.iter().map(|c| ("--chart-size", c.clone())));
    }
    for (what, v) in values {
        if v.chars().any(char::is_control) {
            return Err(Error::Usage(format!(
                "{what}: `{}` holds a control character (a newline in a job script would end the line and run the rest as a command)",
                v.escape_debug()
            )));
        }
    }
    if let Some(p) = &o.partition
        && (p.is_empty() || !p.chars().all(|c| plain_name_char(c) || c == ','))
    {
        return Err(Error::Usage(format!(
            "--partition: `{p}` is not a partition name (letters, digits, `_`, `-`, `.`; several separated by commas)"
        )));
    }
    Ok(())
}

/// Writes the scripts into OUT/slurm/ and prints the command that submits them.
pub fn write(o: &SlurmOptions) -> Result<()> {
    if !o.scenario.is_file() {
        return Err(Error::Usage(format!("{}: no such scenario file", o.scenario.display())));
    }
    let workdir = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let dir = o.out.join("slurm");
    create_dir(&dir)?;
    for (name, text) in scripts(o, &workdir)? {
        let path = dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).map_err(|e| Error::io(&path, e))?;
        }
    }
    if o.quiet {
        return Ok(());
    }
    println!(
        "wrote {}; submit with:\n  bash {}",
        dir.display(),
        shell_word(&dir.join("submit.sh").display().to_string())
    );
    Ok(())
}
