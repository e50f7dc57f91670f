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

/// The film's mixer: the master mix (audio lanes and clip cards' own
/// sound, gaps crossfaded), streamed in blocks by the writers. A sound file
/// that cannot be read fails the export, naming it and who uses it.
fn film_mixer(project: &Project, compositor: &Compositor) -> Result<Mixer, ExportError> {
    let mut bank = SoundBank::default();
    let mixer = Mixer::for_film(project, compositor, &mut bank);
    if let Some(problem) = bank.problems().first() {
        return Err(ExportError::Card {
            card: problem.user.clone(),
            problem: problem.error.clone(),
        });
    }
    Ok(mixer)
}

/// Frames of sound mixed at a time into a WAV file.
const WAV_BLOCK_FRAMES: i64 = 240;

/// How many composed frames may wait for the encoder.
const FRAMES_AHEAD: usize = 4;
/// The composed frames waiting to be written are at most this many bytes
/// (fewer frames ahead at large sizes: one at 8192², four at 4K).
const AHEAD_BYTES: u64 = 160 << 20;

/// How many frames of `width`×`height` are composed ahead.
fn frames_ahead(width: u32, height: u32) -> usize {
    let frame = 4 * u64::from(width) * u64::from(height);
    (AHEAD_BYTES / frame.max(1)).clamp(1, FRAMES_AHEAD as u64) as usize
}

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
    // An export killed part-way left its partial film beside the output.
    if let Some(folder) = request.output.parent() {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        crate::project::litter::sweep(folder);
    }
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
        let (project, range) = (self.project, self.range);
        let rate = project.settings.frame_rate;
        let mixer = film_mixer(project, self.compositor)?;
        let mut stream = mixer.stream(project, range.start);
        let samples = (rate.samples_at(range.end(), AUDIO_SAMPLE_RATE)
            - rate.samples_at(range.start, AUDIO_SAMPLE_RATE))
        .max(0) as u64
            * 2;
        let total = range.duration.max(1) as u64;
        let fail = |e: std::io::Error| ExportError::Output {
            path: output.clone(),
            message: e.to_string(),
        };
        let file = std::fs::File::create(temp).map_err(fail)?;
        let mut out = std::io::BufWriter::new(file);
        crate::audio::write_wav_header(&mut out, samples).map_err(fail)?;
        let mut frame = range.start;
        while frame < range.end() {
            if self.sink.is_cancelled() {
                return Err(ExportError::Cancelled);
            }
            let next = frame.saturating_add(WAV_BLOCK_FRAMES).min(range.end());
            crate::audio::write_wav_samples(&mut out, &stream.until(next)).map_err(fail)?;
            frame = next;
            self.sink
                .progress((frame - range.start) as u64, total, "Mixing");
        }
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .map_err(fail)?;
        self.sink.progress(total, total, "Done");
        Ok(())
    }

    fn write_mp4(&self, temp: &Path) -> Result<(), ExportError> {
        let (rate, range, output) = (
            self.project.settings.frame_rate,
            self.range,
            &self.request.output,
        );
        let mixer = film_mixer(self.project, self.compositor)?;
        let mut sound = mixer.stream(self.project, range.start);
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
        self.each_frame(|frame, image| {
            writer
                .write_frame(&image)
                .map_err(|e| output_error(e, output))?;
            // The frame's sound, mixed now: never the whole film's at once.
            writer
                .write_audio(&sound.until(frame + 1))
                .map_err(|e| output_error(e, output))?;
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
            let (frames, composed) =
                sync_channel::<Result<RgbaImage, RenderError>>(frames_ahead(width, height));
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
