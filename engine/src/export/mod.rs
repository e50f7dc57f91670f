//! Writing the finished film: an MP4 (H.264 + AAC) or a PNG sequence.
//!
//! Exports check the project and its media first, then write to a temporary
//! file (or folder) beside the output and rename it into place only when
//! complete: a cancelled or failed export never leaves anything at the
//! output path. Frames are composed on a named thread a few frames ahead of
//! the encoder; progress (frames done of frames + the finishing step) and
//! cancellation go through a [`ProgressSink`], checked between frames.

mod error;
mod preflight;
mod request;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

use image::RgbaImage;

pub use error::ExportError;
pub use request::{ExportFormat, ExportReport, ExportRequest, Preset};

use crate::audio::{Mixer, SoundBank};
use crate::jobs::ProgressSink;
use crate::media::{AUDIO_SAMPLE_RATE, FilmWriter, MediaError};
use crate::project::Project;
use crate::render::{Compositor, RenderError};
use crate::time::TimeRange;

/// The film's sound over `range`: the master mix (audio lanes and clip
/// cards' own sound, gaps crossfaded, limited). A sound file that cannot be
/// read fails the export, naming it and who uses it.
fn film_audio(
    project: &Project,
    compositor: &Compositor,
    range: TimeRange,
) -> Result<Vec<f32>, ExportError> {
    let mut bank = SoundBank::default();
    let mixer = Mixer::for_film(project, compositor, &mut bank);
    if let Some(problem) = bank.problems().first() {
        return Err(ExportError::Card {
            card: problem.user.clone(),
            problem: problem.error.clone(),
        });
    }
    Ok(mixer.render(project, range))
}

/// How many composed frames may wait for the encoder.
const FRAMES_AHEAD: usize = 4;

/// Exports `project` (stored where `compositor` looks for media) as `request` says.
pub fn export(
    project: &Project,
    compositor: &Compositor,
    request: &ExportRequest,
    sink: &dyn ProgressSink,
) -> Result<ExportReport, ExportError> {
    if request.format == ExportFormat::Mp4
        && (!request.width.is_multiple_of(2) || !request.height.is_multiple_of(2))
    {
        return Err(ExportError::Output {
            path: request.output.clone(),
            message: format!(
                "an MP4 needs an even frame size, not {}x{}",
                request.width, request.height
            ),
        });
    }
    let range = preflight::check(project, compositor.folder(), request)?;
    let run = ExportRun {
        project,
        compositor,
        request,
        range,
        sink,
    };
    let temp = temp_path(&request.output);
    let result = match request.format {
        ExportFormat::Mp4 => run.write_mp4(&temp),
        ExportFormat::PngSequence => run.write_pngs(&temp),
        ExportFormat::Wav => run.write_wav(&temp),
    };
    match result.and_then(|()| move_into_place(&temp, &request.output)) {
        Ok(()) => Ok(ExportReport {
            output: request.output.clone(),
            frames: range.duration,
            seconds: project.settings.frame_rate.seconds_at(range.duration),
        }),
        Err(e) => {
            remove(&temp);
            Err(e)
        }
    }
}

/// One export in progress: what it reads, what it writes, who it reports to.
struct ExportRun<'a> {
    project: &'a Project,
    compositor: &'a Compositor,
    request: &'a ExportRequest,
    range: TimeRange,
    sink: &'a dyn ProgressSink,
}

impl ExportRun<'_> {
    fn write_wav(&self, temp: &Path) -> Result<(), ExportError> {
        let output = &self.request.output;
        self.sink.progress(0, 2, "Mixing");
        let audio = film_audio(self.project, self.compositor, self.range)?;
        if self.sink.is_cancelled() {
            return Err(ExportError::Cancelled);
        }
        self.sink.progress(1, 2, "Writing");
        let written = std::fs::File::create(temp).and_then(|file| {
            let mut out = std::io::BufWriter::new(file);
            crate::audio::write_wav(&mut out, &audio)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        });
        written.map_err(|e| ExportError::Output {
            path: output.clone(),
            message: e.to_string(),
        })?;
        self.sink.progress(2, 2, "Done");
        Ok(())
    }

    fn write_mp4(&self, temp: &Path) -> Result<(), ExportError> {
        let (rate, range, output) = (
            self.project.settings.frame_rate,
            self.range,
            &self.request.output,
        );
        let audio = film_audio(self.project, self.compositor, range)?;
        let mut writer = FilmWriter::create(
            temp,
            self.request.width,
            self.request.height,
            rate,
            true,
            &self.request.codec,
        )
        .map_err(|e| output_error(e, output))?;
        let total = range.duration as u64 + 1;
        let first_sample = rate.samples_at(range.start, AUDIO_SAMPLE_RATE);
        self.each_frame(|frame, image| {
            writer
                .write_frame(&image)
                .map_err(|e| output_error(e, output))?;
            let from = (rate.samples_at(frame, AUDIO_SAMPLE_RATE) - first_sample) as usize * 2;
            let to = (rate.samples_at(frame + 1, AUDIO_SAMPLE_RATE) - first_sample) as usize * 2;
            if let Some(samples) = audio.get(from..to.min(audio.len())) {
                writer
                    .write_audio(samples)
                    .map_err(|e| output_error(e, output))?;
            }
            self.sink
                .progress((frame - range.start + 1) as u64, total, "Encoding");
            Ok(())
        })?;
        self.sink.progress(total - 1, total, "Finishing");
        writer.finish().map_err(|e| output_error(e, output))?;
        self.sink.progress(total, total, "Done");
        Ok(())
    }

    fn write_pngs(&self, temp: &Path) -> Result<(), ExportError> {
        let output = &self.request.output;
        let fail = |message: String| ExportError::Output {
            path: output.clone(),
            message,
        };
        if output.exists()
            && fs::read_dir(output)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(fail(
                "it already exists and is not an empty folder".to_owned(),
            ));
        }
        fs::create_dir_all(temp).map_err(|e| fail(e.to_string()))?;
        let (start, total) = (self.range.start, self.range.duration as u64);
        self.each_frame(|frame, image| {
            let name = format!("frame_{:06}.png", frame - start);
            image
                .save(temp.join(name))
                .map_err(|e| fail(e.to_string()))?;
            self.sink
                .progress((frame - start + 1) as u64, total, "Writing");
            Ok(())
        })
    }

    /// Composes the range's frames on a worker thread, a few ahead, and
    /// hands each to `write` in order. Stops between frames when cancelled.
    fn each_frame(
        &self,
        mut write: impl FnMut(i64, RgbaImage) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let (project, compositor, range) = (self.project, self.compositor, self.range);
        let (width, height) = (self.request.width, self.request.height);
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (frames, composed) = sync_channel::<Result<RgbaImage, RenderError>>(FRAMES_AHEAD);
            let stop = &stop;
            let composer = std::thread::Builder::new()
                .name("export compose".to_owned())
                .spawn_scoped(scope, move || {
                    for frame in range.start..range.end() {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        if frames
                            .send(compositor.render(project, frame, width, height))
                            .is_err()
                        {
                            break;
                        }
                    }
                })
                .map_err(|e| ExportError::Output {
                    path: self.request.output.clone(),
                    message: format!("cannot start the compose thread ({e})"),
                })?;
            let result = (|| {
                for frame in range.start..range.end() {
                    if self.sink.is_cancelled() {
                        return Err(ExportError::Cancelled);
                    }
                    let image = composed.recv().map_err(|_| ExportError::Cancelled)??;
                    write(frame, image)?;
                }
                Ok(())
            })();
            stop.store(true, Ordering::Relaxed);
            drop(composed);
            let _ = composer.join();
            result
        })
    }
}

/// `film.mp4` → `.film.mp4.partial-<pid>` in the same folder.
fn temp_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

fn move_into_place(temp: &Path, output: &Path) -> Result<(), ExportError> {
    if temp.is_dir() && output.is_dir() {
        // An empty folder was checked for before writing.
        fs::remove_dir(output).map_err(|e| ExportError::Output {
            path: output.to_path_buf(),
            message: e.to_string(),
        })?;
    }
    fs::rename(temp, output).map_err(|e| ExportError::Output {
        path: output.to_path_buf(),
        message: e.to_string(),
    })
}

fn remove(temp: &Path) {
    let _ = if temp.is_dir() {
        fs::remove_dir_all(temp)
    } else {
        fs::remove_file(temp)
    };
}

/// Writer errors name the temporary file; users know the output's name.
fn output_error(e: MediaError, output: &Path) -> ExportError {
    match e {
        MediaError::Write { message, .. } => ExportError::Write(MediaError::Write {
            path: output.to_path_buf(),
            message,
        }),
        other => ExportError::Write(other),
    }
}
