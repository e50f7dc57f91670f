//! `inbetween`: the editor and its command line.
#![forbid(unsafe_code)]

use inbetween::{cli, commands, editor};

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !(0.25..=1.0).contains(&cli.ifnet_scale) {
        eprintln!(
            "error: --ifnet-scale must be between 0.25 and 1, not {}",
            cli.ifnet_scale
        );
        return ExitCode::from(2);
    }
    let _ = commands::IFNET_SCALE.set(cli.ifnet_scale);
    match cli.command {
        Some(Command::Check { project, strict }) => match commands::check::check(&project) {
            Ok(report) => {
                print!("{}", report.text);
                if strict && report.warning_count > 0 {
                    eprintln!(
                        "error: {} warning(s) and --strict was given",
                        report.warning_count
                    );
                    return ExitCode::FAILURE;
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Render {
            project,
            output,
            preset,
            frames,
            format,
            weights,
            cache,
        }) => report(commands::render::run(
            &project,
            &output,
            preset,
            frames.as_deref(),
            format,
            (weights.as_deref(), cache.as_deref()),
        )),
        Some(Command::Frame {
            project,
            at,
            output,
            preset,
            weights,
        }) => report(commands::frame::run(
            &project,
            &at,
            &output,
            preset,
            weights.as_deref(),
        )),
        Some(Command::Fill {
            project,
            gap,
            weights,
            cache,
            list,
            json,
        }) => report(commands::fill::run(
            &project,
            gap,
            weights.as_deref(),
            cache.as_deref(),
            commands::fill::Listing::from_flags(list, json),
        )),
        Some(Command::Interpolate {
            a,
            b,
            t,
            output,
            mode,
            model,
            weights,
        }) => report(commands::interpolate::run(
            &a,
            &b,
            t,
            &output,
            &mode,
            model.as_deref(),
            weights.as_deref(),
        )),
        Some(Command::ExportTimeline {
            project,
            output,
            with_media,
            weights,
        }) => report(commands::export_timeline::run(
            &project,
            &output,
            with_media,
            weights.as_deref(),
        )),
        Some(Command::Boards {
            project,
            output,
            layout,
            paper,
            orientation,
            gaps,
            weights,
        }) => report(commands::boards::run(
            &project,
            &output,
            commands::boards::Options {
                grid: layout.grid(),
                paper,
                orientation,
                gaps,
            },
            weights.as_deref(),
        )),
        Some(Command::ImportTimeline { timeline, output }) => {
            report(commands::import_timeline::run(&timeline, &output))
        }
        Some(Command::Open { project }) => open(project.as_deref()),
        None => open(cli.project.as_deref()),
    }
}

fn open(project: Option<&std::path::Path>) -> ExitCode {
    report(editor::run(project))
}

fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e)
            if matches!(
                e.downcast_ref(),
                Some(inbetween_engine::export::ExportError::Cancelled)
            ) || matches!(
                e.downcast_ref(),
                Some(inbetween_engine::boards::BoardsError::Cancelled)
            ) || matches!(
                e.downcast_ref(),
                Some(inbetween_engine::interchange::with_media::WithMediaError::Cancelled)
            ) =>
        {
            eprintln!("cancelled: nothing was written");
            // The shell's convention for "stopped by Ctrl-C".
            ExitCode::from(130)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
